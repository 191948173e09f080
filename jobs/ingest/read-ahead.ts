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

/**
 * Serves Arrow's many small positional reads (message lengths, metadata, then bodies: several a
 * batch) from large read-ahead windows: each read of a FileHandle is a thread-pool round trip,
 * which on a busy machine costs more than parsing the batch.
 */
export function readAhead(handle: FileHandle, windowBytes = 16 << 20): PositionalFile {
  // One buffer for every window: Arrow copies what it asks for out of it, and asks one read at a time.
  let space: Uint8Array | null = null;
  let window: Uint8Array = new Uint8Array(0);
  let windowStart = 0;
  return {
    fd: handle.fd,
    stat: () => handle.stat(),
    close: () => handle.close(),
    async read(buffer, offset, length, position) {
      const inWindow = position >= windowStart && position + length <= windowStart + window.length;
      if (!inWindow) {
        if (length >= windowBytes) return handle.read(buffer, offset, length, position);
        space ??= new Uint8Array(windowBytes);
        const { bytesRead } = await handle.read(space, 0, windowBytes, position);
        window = space.subarray(0, bytesRead);
        windowStart = position;
      }
      const start = position - windowStart;
      const bytesRead = Math.max(0, Math.min(length, window.length - start));
      buffer.set(window.subarray(start, start + bytesRead), offset);
      return { bytesRead, buffer };
    },
  };
}
