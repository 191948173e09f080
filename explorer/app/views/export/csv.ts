import type { InteractionColumns, MemberColumns } from '../../../shared/api.ts';

type Cell = string | number | boolean | null;

/** RFC 4180: quote when needed; a leading =+-@ is prefixed so a spreadsheet never runs it as a formula. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], columns: Cell[][]): string {
  const rows = columns[0]?.length ?? 0;
  const lines = [header.map(csvCell).join(',')];
  for (let r = 0; r < rows; r++) lines.push(columns.map((column) => csvCell(column[r] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function membersCsv(m: MemberColumns): string {
  return toCsv(
    [
      'account',
      'role',
      'instigator',
      'n_actions',
      'first_ts',
      'created_at',
      'followers',
      'is_new',
      'is_outsider',
      'role_evidence',
    ],
    [
      m.account,
      m.role,
      m.instigator,
      m.n_actions,
      m.first_ts.map(iso),
      m.created_at.map(iso),
      m.followers,
      m.is_new,
      m.is_outsider,
      m.role_evidence,
    ],
  );
}

export function interactionsCsv(x: InteractionColumns): string {
  return toCsv(
    ['ts', 'type', 'actor', 'target', 'content_id', 'text', 'duplicate_group', 'hostile'],
    [x.ts.map(iso), x.type, x.actor, x.target, x.content_id, x.text, x.duplicate_group, x.hostile],
  );
}
