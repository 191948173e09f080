import { optionError } from '../runtime/errors.ts';

/** A calendar date, `YYYY-MM-DD`, as partitions and run directories are named. */
export type NightDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Checks a date string and returns it; `option` names where it came from in the error. */
export function parseNightDate(value: string, option: string): NightDate {
  const match = DATE.exec(value.trim());
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const ms = Date.UTC(y, m - 1, d);
    if (new Date(ms).toISOString().slice(0, 10) === value.trim()) return value.trim();
  }
  throw optionError(option, `must be a date YYYY-MM-DD, got "${value}"`);
}

export function checkTimeZone(timeZone: string, option = '--time-zone'): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw optionError(option, `must be an IANA time zone such as UTC or Europe/Paris, got "${timeZone}"`);
  }
  return timeZone;
}

/** The date `days` after `date` (negative: before). */
export function addDays(date: NightDate, days: number): NightDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included, in order. */
export function dateRange(from: NightDate, to: NightDate): NightDate[] {
  const dates: NightDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** Parses `FROM..TO` (both included). */
export function parseDateSpan(value: string, option = '--backfill'): { from: NightDate; to: NightDate } {
  const parts = value.split('..');
  if (parts.length !== 2)
    throw optionError(option, `must be FROM..TO (YYYY-MM-DD..YYYY-MM-DD), got "${value}"`);
  const from = parseNightDate(parts[0] ?? '', option);
  const to = parseNightDate(parts[1] ?? '', option);
  if (from > to) throw optionError(option, `starts after it ends: "${value}"`);
  return { from, to };
}

/** Milliseconds to add to UTC to get the wall-clock time of `timeZone` at instant `ms`. */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(ms);
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The instant (epoch-ms) at which `date` starts in `timeZone`. */
export function startOfDay(date: NightDate, timeZone: string): number {
  const wallMidnight = Date.parse(`${date}T00:00:00Z`);
  // Two passes settle the offset when midnight sits next to a daylight-saving change.
  let instant = wallMidnight - zoneOffset(wallMidnight, timeZone);
  instant = wallMidnight - zoneOffset(instant, timeZone);
  return instant;
}

/** The night's window [from, to) in epoch-ms: the whole calendar day in `timeZone`. */
export function dayWindow(date: NightDate, timeZone: string): { from: number; to: number } {
  return { from: startOfDay(date, timeZone), to: startOfDay(addDays(date, 1), timeZone) };
}

/** The calendar date of instant `now` in `timeZone`. */
export function dateIn(now: number, timeZone: string): NightDate {
  return new Date(now + zoneOffset(now, timeZone)).toISOString().slice(0, 10);
}

/** Yesterday in `timeZone`, the default night to run. */
export function yesterday(now: number, timeZone: string): NightDate {
  return addDays(dateIn(now, timeZone), -1);
}
