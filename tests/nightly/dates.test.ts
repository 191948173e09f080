import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateRange,
  dayWindow,
  parseDateSpan,
  parseNightDate,
  yesterday,
} from '../../jobs/nightly/dates.ts';

describe('night dates', () => {
  it('walks calendar dates across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(dateRange('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });

  it('gives the day window in the configured time zone, DST days included', () => {
    expect(dayWindow('2026-11-21', 'UTC')).toEqual({
      from: Date.parse('2026-11-21T00:00:00Z'),
      to: Date.parse('2026-11-22T00:00:00Z'),
    });
    const paris = dayWindow('2026-03-29', 'Europe/Paris'); // clocks go forward: a 23-hour day
    expect(paris.from).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(paris.to - paris.from).toBe(23 * 3_600_000);
    const newYork = dayWindow('2026-11-01', 'America/New_York'); // clocks go back: a 25-hour day
    expect(newYork.from).toBe(Date.parse('2026-11-01T04:00:00Z'));
    expect(newYork.to - newYork.from).toBe(25 * 3_600_000);
  });

  it('takes yesterday in the time zone, not in UTC', () => {
    const now = Date.parse('2026-11-22T02:30:00Z');
    expect(yesterday(now, 'UTC')).toBe('2026-11-21');
    expect(yesterday(now, 'America/Los_Angeles')).toBe('2026-11-20');
    expect(yesterday(now, 'Asia/Tokyo')).toBe('2026-11-21');
  });

  it('rejects bad dates and spans naming the option', () => {
    expect(() => parseNightDate('2026-02-30', '--date')).toThrow(
      /--date must be a date YYYY-MM-DD, got "2026-02-30"/,
    );
    expect(() => parseDateSpan('2026-11-03..2026-11-01')).toThrow(/--backfill starts after it ends/);
    expect(() => parseDateSpan('2026-11-01')).toThrow(/--backfill must be FROM..TO/);
    expect(parseDateSpan('2026-11-01..2026-11-03')).toEqual({ from: '2026-11-01', to: '2026-11-03' });
  });
});
