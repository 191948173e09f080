/** How one column chunk is stored: what decodeColumnChunk needs besides its bytes. */
export interface ChunkLayout {
  physical: 'BYTE_ARRAY' | 'INT32' | 'INT64' | 'DOUBLE';
  /** Bytes a value of a fixed-width type (4 or 8; unused for BYTE_ARRAY). */
  width: 4 | 8;
  /** OPTIONAL (definition levels, nulls) rather than REQUIRED. */
  optional: boolean;
  codec: 'SNAPPY' | 'UNCOMPRESSED';
  rows: number;
}

/** A dictionary page's strings, shaped as an Arrow utf8 chunk (what DictionaryEntries takes). */
export interface StringEntries {
  values: Uint8Array;
  valueOffsets: Int32Array;
  length: number;
}

/**
 * A dictionary page's strings where they lie, PLAIN-encoded: entry e is
 * bytes[offsets[e] + 4, offsets[e + 1]), after its 4-byte length. Read in place, never repacked:
 * most entries of a row group's dictionary are already in the file's (see FileDictionary).
 */
export interface PlainEntries {
  bytes: Uint8Array;
  offsets: Int32Array;
  length: number;
}

/**
 * One column chunk decoded row by row; `validity` is a bitmap (bit set = value), null when no row is
 * null. Plain typed arrays only, so that a worker thread can hand it over by transfer.
 */
export type DecodedColumn =
  /** Keys coded by the chunk's EntryCoder: codes of the file's dictionary (see FileDictionary). */
  | { kind: 'dictionary'; keys: Int32Array; validity: Uint8Array | null }
  | { kind: 'utf8'; bytes: Uint8Array; offsets: Int32Array; validity: Uint8Array | null }
  /** Each row's value as `width` little-endian bytes, 0 for nulls (a fresh, aligned buffer). */
  | { kind: 'fixed'; bytes: Uint8Array; validity: Uint8Array | null };

/** How a wanted column becomes a ColumnAccess once decoded. */
export type ColumnReading =
  | { kind: 'utf8' }
  /** INT64 values, times `msPerUnit` (1 for epoch-ms and plain integers). */
  | { kind: 'int64'; msPerUnit: number }
  | { kind: 'int32' }
  | { kind: 'float64' };

/** One spec column as the native reader reads it. */
export interface ColumnPlan {
  name: string;
  layout: Omit<ChunkLayout, 'rows' | 'codec'>;
  reading: ColumnReading;
}

/** One wanted column chunk's place in the file. */
export interface ChunkPlace {
  start: number;
  length: number;
  /** Bytes of its dictionary page, before the data pages (0 without one). */
  dictionaryLength: number;
  codec: ChunkLayout['codec'];
}

/** A file the native reader takes: the wanted columns, and per row group its rows and chunks (in `columns` order). */
export interface NativePlan {
  columns: ColumnPlan[];
  /**
   * Per column, the column whose file dictionary its strings are coded in: itself, or for a column
   * holding the same ids as an earlier one (see nativePlan), that one.
   */
  dictionaryOf: number[];
  rowGroups: { rows: number; chunks: ChunkPlace[] }[];
  rows: number;
}
