export { readAccounts, readFollows } from './accounts.ts';
export { EventSetBuilder } from './builder.ts';
export { createDictionary, StringColumnBuilder } from './dictionary.ts';
export { readEvents } from './events.ts';
export { fileDigest, inputFormat, listInputFiles } from './files.ts';
export * from './types.ts';
