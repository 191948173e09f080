export * from './columns.ts';
export * from './inputs.ts';
export * from './nightly.ts';
export * from './run.ts';
export * from './timestamps.ts';
export * from './validate.ts';
