/**
 * Every failure a user can meet, in one place. Each names what went wrong (the file, row, option or
 * directory) so that the CLI can print it as its one-line reason and exit non-zero.
 */
export class SwarmscopeError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SwarmscopeError';
    this.code = code;
  }
}

/** An input file that cannot be read at all: wrong format, truncated, missing a required column. */
export function inputError(file: string, problem: string, cause?: unknown): SwarmscopeError {
  return new SwarmscopeError('ERR_INPUT', `${file}: ${problem}`, { cause });
}

/** A command-line option or configuration value that is not valid. */
export function optionError(option: string, problem: string): SwarmscopeError {
  return new SwarmscopeError('ERR_OPTION', `${option} ${problem}`);
}

/** An output location that cannot be written. */
export function outputError(path: string, problem: string, cause?: unknown): SwarmscopeError {
  return new SwarmscopeError('ERR_OUTPUT', `${path}: ${problem}`, { cause });
}

/** A run of the same date or directory already under way. */
export function lockedError(path: string, holder: string): SwarmscopeError {
  return new SwarmscopeError('ERR_LOCKED', `${path} is locked by ${holder}; another run is in progress`);
}

export function describeError(error: unknown): string {
  if (error instanceof SwarmscopeError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
