import { availableParallelism } from 'node:os';
import { optionError } from '../runtime/errors.ts';

/** Commander argument parsers that reject bad values with a message naming the option. */
export function wholeNumber(option: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max)
      throw optionError(option, `must be a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}
