import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
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

/** A parser accepting one of `values` (commander's own `choices()` would exit 1, not 2, on a bad value). */
export function oneOf<T extends string>(option: string, values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value))
      throw optionError(option, `must be one of ${values.join(', ')}, got "${value}"`);
    return value as T;
  };
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Where the explorer listens: `--port` and `--host`, as `serve` and `demo` take them. */
export function addListenOptions(command: Command): Command {
  return command
    .option(
      '--port <n>',
      'port of the explorer (0 = any free port)',
      wholeNumber('--port', { max: 65535 }),
      8080,
    )
    .option('--host <host>', 'address the explorer binds to', '127.0.0.1');
}
