import type { FileHandle } from 'node:fs/promises';

/** The parts of a FileHandle Arrow's random-access reader uses. */
export interface PositionalFile {
  readonly fd: number;
  stat(): Promise<{ size: number }>;
  read<T extends Uint8Array>(
    buffer: T,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number; buffer: T }>;
  close(): Promise<void>;
}

/** A PositionalFile that can also lend bytes without copying them. */
export interface ReadAheadFile extends PositionalFile {
  /**
   * The `length` bytes at `position`, as a view: into a preloaded range that holds them (valid for
   * good: the range's buffer is not reused), else into the read-ahead window when they fit in one
   * (valid only until the next read, so for bytes used at once and dropped: a record batch's body).
   */
  view(position: number, length: number): Promise<Uint8Array>;
  /**
   * Starts reading these byte ranges at once (contiguous ones as one read), for reads that come
   * scattered over the file: a read inside one of them then waits only for it, not for every
   * window on the way. Held until `release`.
   */
  preload(ranges: readonly ByteRange[]): void;
  /** Drops the preloaded ranges. */
  release(): void;
}

/** `length` bytes of a file from `start`. */
export interface ByteRange {
  start: number;
  length: number;
}

/** A preloaded range of the file: its bytes once read. */
interface Preloaded {
  start: number;
  end: number;
  bytes: Promise<Uint8Array>;
}

/** The ranges in file order, the ones that touch or overlap joined. */
function coalesced(ranges: readonly ByteRange[]): { start: number; end: number }[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const joined: { start: number; end: number }[] = [];
  for (const { start, length } of sorted) {
    const last = joined.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, start + length);
    else joined.push({ start, end: start + length });
  }
  return joined;
}

/** The preloaded range that holds [position, position + length), by binary search; null when none. */
function preloadedAt(preloaded: readonly Preloaded[], position: number, length: number): Preloaded | null {
  let low = 0;
  let high = preloaded.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (preloaded[middle]!.end <= position) low = middle + 1;
    else high = middle;
  }
  const range = preloaded[low];
  return range && range.start <= position && position + length <= range.end ? range : null;
}

/** A window of the file: `bytes` are the file's bytes from `start`. */
interface Window {
  bytes: Uint8Array;
  start: number;
}

function holds(window: Window, position: number, length: number): boolean {
  return position >= window.start && position + length <= window.start + window.bytes.length;
}

/**
 * Serves Arrow's many small positional reads (message lengths, metadata, then bodies: several a
 * batch) from large read-ahead windows: each read of a FileHandle is a thread-pool round trip,
 * which on a busy machine costs more than parsing the batch. The next window is read while the
 * current one is served (overlapping it by a quarter, so that a message across the boundary is in
 * it), so the main thread seldom waits for the disk or the page cache.
 */
export function readAhead(handle: FileHandle, windowBytes = 16 << 20): ReadAheadFile {
  // Two buffers, one served from and one read ahead into: readers copy what they keep out of them,
  // and ask one read at a time.
  const buffers = [new Uint8Array(0), new Uint8Array(0)];
  /** Which buffer `current` lies in; `ahead` is read into the other. */
  let served = 0;
  let current: Window = { bytes: buffers[0]!, start: 0 };
  let ahead: Promise<Window> | null = null;
  let preloaded: Preloaded[] = [];
  const load = async (buffer: number, position: number): Promise<Window> => {
    if (buffers[buffer]!.length < windowBytes) buffers[buffer] = new Uint8Array(windowBytes);
    const bytes = buffers[buffer]!;
    const { bytesRead } = await handle.read(bytes, 0, windowBytes, position);
    return { bytes: bytes.subarray(0, bytesRead), start: position };
  };
  /** Makes the current window hold [position, position + length), then reads the next one ahead. */
  const cover = async (position: number, length: number): Promise<void> => {
    if (holds(current, position, length)) return;
    const next = ahead ? await ahead : null;
    ahead = null;
    if (next && holds(next, position, length)) {
      current = next;
      served = 1 - served;
    } else current = await load(served, position);
    if (current.bytes.length < windowBytes) return; // the end of the file
    ahead = load(1 - served, current.start + windowBytes - (windowBytes >> 2));
    // A read given up (the file closed under it) must not surface as an unhandled rejection.
    ahead.catch(() => {});
  };
  const readRange = async (start: number, end: number): Promise<Uint8Array> => {
    const { buffer, bytesRead } = await handle.read(new Uint8Array(end - start), 0, end - start, start);
    return buffer.subarray(0, bytesRead);
  };
  return {
    fd: handle.fd,
    stat: () => handle.stat(),
    preload(ranges) {
      preloaded = coalesced(ranges).map(({ start, end }) => {
        const bytes = readRange(start, end);
        bytes.catch(() => {});
        return { start, end, bytes };
      });
    },
    release() {
      preloaded = [];
    },
    async close() {
      await Promise.all(preloaded.map((range) => range.bytes.catch(() => {})));
      await ahead?.catch(() => {});
      await handle.close();
    },
    async read(buffer, offset, length, position) {
      const range = preloadedAt(preloaded, position, length);
      if (range) {
        const from = position - range.start;
        const held = (await range.bytes).subarray(from, from + length);
        buffer.set(held, offset);
        return { bytesRead: held.length, buffer };
      }
      if (length >= windowBytes) return handle.read(buffer, offset, length, position);
      await cover(position, length);
      const start = position - current.start;
      const bytesRead = Math.max(0, Math.min(length, current.bytes.length - start));
      buffer.set(current.bytes.subarray(start, start + bytesRead), offset);
      return { bytesRead, buffer };
    },
    async view(position, length) {
      const range = preloadedAt(preloaded, position, length);
      if (range) {
        const from = position - range.start;
        return (await range.bytes).subarray(from, from + length);
      }
      if (length >= windowBytes) {
        const { buffer, bytesRead } = await handle.read(new Uint8Array(length), 0, length, position);
        return buffer.subarray(0, bytesRead);
      }
      await cover(position, length);
      const start = position - current.start;
      return current.bytes.subarray(start, Math.min(current.bytes.length, start + length));
    },
  };
}
