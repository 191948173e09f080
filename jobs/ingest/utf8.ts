import { EVENT_TYPES } from '../../shared/contract/index.ts';

const decoder = new TextDecoder();

/** Decodes UTF-8 bytes; short ASCII (ids, types) without the TextDecoder call overhead. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let ascii = true;
    for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  return decoder.decode(bytes.subarray(start, end));
}

/** The contract's event types as UTF-8 bytes, by index. */
const EVENT_TYPE_BYTES = EVENT_TYPES.map((type) => new TextEncoder().encode(type));

/** The EVENT_TYPES index of the type whose UTF-8 bytes are bytes[start, end), -1 when none. */
export function eventTypeOfBytes(bytes: Uint8Array, start: number, end: number): number {
  for (let type = 0; type < EVENT_TYPE_BYTES.length; type++) {
    const name = EVENT_TYPE_BYTES[type]!;
    if (name.length !== end - start) continue;
    let k = 0;
    while (k < name.length && name[k] === bytes[start + k]) k++;
    if (k === name.length) return type;
  }
  return -1;
}
