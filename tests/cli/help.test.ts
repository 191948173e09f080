import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

/** The commands the top-level help lists, read the way a user reads them. */
function listedCommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

describe('swarmscope --help', () => {
  it('lists every command, and each answers --help with its options', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = listedCommands(top.stdout);
    expect(commands).toEqual(expect.arrayContaining(['bench']));
    for (const command of commands) {
      const result = await runCli([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toContain(`Usage: swarmscope ${command}`);
      expect(result.stdout, command).toContain('Options:');
    }
  });

  it('rejects an unknown command with a non-zero exit and says so on stderr', async () => {
    const result = await runCli(['no-such-command']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command/i);
    expect(result.stdout).toBe('');
  });
});
