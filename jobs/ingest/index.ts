export { type BesideOptions, readAccounts, readBeside, readFollows, type TablesBeside } from './beside.ts';
export { EventSetBuilder } from './builder.ts';
export { createDictionary, StringColumnBuilder } from './dictionary.ts';
export { readEvents } from './events.ts';
export { fileDigest, inputFormat, listInputFiles } from './files.ts';
export {
  REJECTS_IN_MEMORY_ENV,
  type RejectBatch,
  RejectLog,
  type RejectLogOptions,
  reasonKind,
  rejectBatches,
} from './rejects.ts';
export * from './types.ts';
