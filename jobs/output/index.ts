export * from './run-directory.ts';
export * from './run-files.ts';
