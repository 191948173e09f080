import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { stateDir } from './runs/pseudonym.ts';

/** Who saw, revealed or decided what: one line each, never edited. */
export interface AuditEvent {
  action: 'view' | 'reveal' | 'case';
  run: string;
  cluster?: string;
  account?: string;
  /** For a case: the case action (claim, assign, release, decide, reopen). */
  detail?: string;
  reason?: string;
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

const REVIEWER = /^[\w.@-]{1,64}$/;

/**
 * The reviewer behind a request: the user an authenticating proxy forwards (X-Forwarded-User),
 * else the name the app sends, else the client address.
 */
export function reviewerOf(request: FastifyRequest, claimed?: unknown): string {
  const forwarded = request.headers['x-forwarded-user'];
  if (typeof forwarded === 'string' && REVIEWER.test(forwarded)) return forwarded;
  if (typeof claimed === 'string' && REVIEWER.test(claimed)) return claimed;
  return `anonymous@${request.ip}`;
}
