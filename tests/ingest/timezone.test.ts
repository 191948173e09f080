import { describe, expect, it } from 'vitest';
import { readEvents } from '../../jobs/ingest/index.ts';
import { OUTPUT_FORMATS, tempDir, validEvents, writeRows } from './fixtures.ts';

// The machine's zone must not move instants: set one far from UTC before DuckDB first starts.
process.env.TZ = 'America/New_York';

describe('timestamps under a non-UTC machine time zone', () => {
  it.each(OUTPUT_FORMATS)('%s keeps each instant as written', async (format) => {
    const rows = validEvents(6);
    const events = await readEvents([await writeRows(await tempDir(), 'tz', format, rows)]);
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBeGreaterThan(0);
    expect(Array.from(events.columns.ts)).toEqual(rows.map((row) => row.ts));
  });
});
