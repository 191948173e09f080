import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ReadAheadFile, readAhead } from '../../jobs/ingest/read-ahead.ts';
import { tempDir } from './fixtures.ts';

/** Reads [position, position + length) through `file` and expects exactly the file's bytes there. */
async function expectRead(file: ReadAheadFile, bytes: Uint8Array, position: number, length: number) {
  const buffer = new Uint8Array(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  expect([position, bytesRead, buffer]).toEqual([
    position,
    length,
    bytes.subarray(position, position + length),
  ]);
}

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
        await expectRead(positional, bytes, position, length);
        const view = await positional.view(position, length);
        expect([position, view]).toEqual([position, bytes.subarray(position, position + length)]);
      }
    } finally {
      await handle.close();
    }
  });

  it('serves reads and views inside preloaded ranges from them, and every other read from its windows', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 11 + 5) % 253);
    const file = join(await tempDir(), 'bytes.bin');
    await writeFile(file, bytes);
    const handle = await open(file);
    /** The positions the file is read at. */
    const reads: number[] = [];
    const counted = new Proxy(handle, {
      get(target, key) {
        if (key !== 'read') return Reflect.get(target, key);
        return (buffer: Uint8Array, offset: number, length: number, position: number) => {
          reads.push(position);
          return target.read(buffer, offset, length, position);
        };
      },
    });
    try {
      const positional = readAhead(counted, 64);
      // Scattered, unordered, two touching (read as one) and one past the end of the file.
      positional.preload([
        { start: 600, length: 50 },
        { start: 100, length: 20 },
        { start: 120, length: 30 },
        { start: 980, length: 100 },
      ]);
      expect(reads).toEqual([100, 600, 980]);
      const inside: [number, number][] = [
        [600, 50],
        [610, 4],
        [100, 50],
        [115, 10],
        [980, 20],
      ];
      const outside: [number, number][] = [
        [95, 10],
        [640, 20],
        [300, 40],
      ];
      const check = ([position, length]: [number, number]) => expectRead(positional, bytes, position, length);
      for (const request of inside) await check(request);
      // Views of preloaded bytes stay as they are whatever is read after them.
      const views = await Promise.all(inside.map(([position, length]) => positional.view(position, length)));
      expect(reads).toHaveLength(3);
      for (const request of outside) await check(request);
      expect(views).toEqual(inside.map(([position, length]) => bytes.subarray(position, position + length)));
      positional.release();
      for (const request of inside) await check(request);
      expect(reads.length).toBeGreaterThan(3 + outside.length);
    } finally {
      await handle.close();
    }
  });
});
