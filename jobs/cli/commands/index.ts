import type { Command } from 'commander';

/** Each domain adds its own command; the list here is the CLI's table of contents. */
export function registerCommands(program: Command): void {
  void program;
}
