/** Display formats shared by the views: UTC throughout, as the runs are. */
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const time = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export const formatDateTime = (ms: number) => `${dateTime.format(ms)} UTC`;
export const formatTime = (ms: number) => time.format(ms);
export const formatCount = (n: number) => n.toLocaleString('en-US');

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 120) return `${minutes} min`;
  const hours = ms / 3_600_000;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} d`;
}

export function formatValue(value: number | null): string {
  if (value === null) return '—';
  if (Number.isInteger(value)) return formatCount(value);
  return Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(1);
}

export const kindLabel = (kind: string) =>
  kind === 'pile_on' ? 'Pile-on' : kind === 'brigade' ? 'Brigade' : kind;
