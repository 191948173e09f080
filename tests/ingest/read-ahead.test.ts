import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../jobs/ingest/read-ahead.ts';
import { tempDir } from './fixtures.ts';

describe('readAhead', () => {
  it('serves reads and lends views exactly as the file holds them, across and beyond its windows', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) % 251);
    const file = join(await tempDir(), 'bytes.bin');
    await writeFile(file, bytes);
    const handle = await open(file);
    try {
      // A 64-byte window: most requests below start a new one or straddle the current one's end.
      const positional = readAhead(handle, 64);
      const requests: [number, number][] = [
        [0, 10],
        [10, 40],
        [50, 30],
        [5, 8],
        [100, 64],
        [100, 200],
        [990, 10],
        [400, 1],
      ];
      // A scan in order, as Arrow reads a file (the windows read ahead), then jumps back and forth.
      for (let position = 0; position < 1000; position += 37)
        requests.push([position, Math.min(30, 1000 - position)]);
      requests.push([500, 40], [10, 20], [900, 50]);
      for (const [position, length] of requests) {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await positional.read(buffer, 0, length, position);
        expect([position, bytesRead, buffer]).toEqual([
          position,
          length,
          bytes.subarray(position, position + length),
        ]);
        const view = await positional.view(position, length);
        expect([position, view]).toEqual([position, bytes.subarray(position, position + length)]);
      }
    } finally {
      await handle.close();
    }
  });
});
