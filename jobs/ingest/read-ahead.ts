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
   * The `length` bytes at `position`, as a view into the read-ahead window when they fit in one:
   * valid only until the next read, so for bytes used at once and dropped (a record batch's body).
   */
  view(position: number, length: number): Promise<Uint8Array>;
}

/**
 * Serves Arrow's many small positional reads (message lengths, metadata, then bodies: several a
 * batch) from large read-ahead windows: each read of a FileHandle is a thread-pool round trip,
 * which on a busy machine costs more than parsing the batch.
 */
export function readAhead(handle: FileHandle, windowBytes = 16 << 20): ReadAheadFile {
  // One buffer for every window: readers copy what they keep out of it, and ask one read at a time.
  let space: Uint8Array | null = null;
  let window: Uint8Array = new Uint8Array(0);
  let windowStart = 0;
  /** Makes the window start at `position` unless it holds [position, position + length) already. */
  const cover = async (position: number, length: number): Promise<void> => {
    if (position >= windowStart && position + length <= windowStart + window.length) return;
    space ??= new Uint8Array(windowBytes);
    const { bytesRead } = await handle.read(space, 0, windowBytes, position);
    window = space.subarray(0, bytesRead);
    windowStart = position;
  };
  return {
    fd: handle.fd,
    stat: () => handle.stat(),
    close: () => handle.close(),
    async read(buffer, offset, length, position) {
      if (length >= windowBytes) return handle.read(buffer, offset, length, position);
      await cover(position, length);
      const start = position - windowStart;
      const bytesRead = Math.max(0, Math.min(length, window.length - start));
      buffer.set(window.subarray(start, start + bytesRead), offset);
      return { bytesRead, buffer };
    },
    async view(position, length) {
      if (length >= windowBytes) {
        const { buffer, bytesRead } = await handle.read(new Uint8Array(length), 0, length, position);
        return buffer.subarray(0, bytesRead);
      }
      await cover(position, length);
      const start = position - windowStart;
      return window.subarray(start, Math.min(window.length, start + length));
    },
  };
}
