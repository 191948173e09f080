import { type ChildProcess, spawn } from 'node:child_process';
import { CLI } from '../helpers/cli.ts';

export interface RunningServer {
  url: string;
  stderr: () => string;
  stop(): Promise<void>;
}

/** `swarmscope serve --runs DIR --port 0` as a process; resolves with the URL it logged. */
export function startServe(runsDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--runs', runsDir, '--port', '0'], {
    env: { ...process.env, SWARMSCOPE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      const match = /"url":"(http:\/\/[^"]+)"/.exec(stderr);
      if (match) resolve({ url: match[1]!, stderr: () => stderr, stop });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}
