type SharedKind<T> = { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
type Column = Uint8Array | Int32Array | Float64Array;

/** A zeroed typed array on shared memory: a worker thread sent it reads and writes the same bytes, no copy. */
export function sharedArray<T extends Column>(make: SharedKind<T>, length: number): T {
  return new make(new SharedArrayBuffer(length * make.BYTES_PER_ELEMENT));
}

/** A zeroed array of `array`'s kind on shared memory, `length` long. */
export function sharedLike<T extends Column>(array: T, length: number): T {
  return sharedArray(array.constructor as SharedKind<T>, length);
}

/** `array` itself when it is on shared memory already, else a copy there. */
export function onSharedMemory<T extends Column>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = sharedLike(array, array.length);
  copy.set(array);
  return copy;
}
