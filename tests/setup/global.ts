import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Browser tests need the built explorer; build it once per test run unless told the build is fresh. */
export default function setup(): void {
  if (process.env.SWARMSCOPE_SKIP_BUILD && existsSync('explorer/app/dist/index.html')) return;
  if (!existsSync('explorer/app/vite.config.ts')) return;
  execFileSync('npx', ['vite', 'build', '--config', 'explorer/app/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
}
