import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stateDir } from './runs/pseudonym.ts';

export interface AuditEvent {
  action: 'reveal';
  run: string;
  cluster?: string;
  account: string;
  reason: string;
  /** Who asked, as far as the server knows (the forwarded user or the client address). */
  by: string;
}

export function auditLogPath(runsRoot: string): string {
  return join(stateDir(runsRoot), 'audit.jsonl');
}

/** Appends one event to the audit log (JSONL, append-only: entries are never edited). */
export async function appendAudit(runsRoot: string, event: AuditEvent): Promise<void> {
  await mkdir(stateDir(runsRoot), { recursive: true, mode: 0o700 });
  const line = `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`;
  await appendFile(auditLogPath(runsRoot), line, { mode: 0o600 });
}
