import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const DECODE_THREAD = new URL('./decode-thread.ts', import.meta.url);

let bundled: Promise<string> | undefined;

/**
 * The decoding thread's modules bundled into one CommonJS script (once a process, by esbuild, which
 * tsx runs the CLI's TypeScript with): a worker runs it as it is. Through jobs/runtime/ts-worker.js,
 * each thread would register tsx, start its module-hooks thread and resolve every import through it
 * (~0.3 s of CPU a thread, and its first row group ~0.4 s later).
 */
export function decodeThreadScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [fileURLToPath(DECODE_THREAD)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundled;
}
