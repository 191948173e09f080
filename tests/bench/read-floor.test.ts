import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFloor } from '../../jobs/bench/read-floor.ts';

describe('readFloor', () => {
  const dir = mkdtemp(join(tmpdir(), 'swarmscope-floor-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('reads every byte of the file, split over the threads, into place', async () => {
    // An odd size, larger than one read, so that the shares and the last read are uneven.
    const content = new Uint8Array(40 * 1024 * 1024 + 12_345);
    for (let i = 0; i < content.length; i++) content[i] = (i * 2_654_435_761) >>> 24;
    const file = join(await dir, 'events.arrow');
    await writeFile(file, content);
    const { elapsed_ms, memory } = await readFloor(file);
    expect(elapsed_ms).toBeGreaterThan(0);
    expect(Buffer.from(new Uint8Array(memory)).equals(Buffer.from(content))).toBe(true);
  });
});
