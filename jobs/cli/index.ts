import { Command, CommanderError } from 'commander';
import { describeError, SwarmscopeError } from '../runtime/errors.ts';
import { registerCommands } from './commands/index.ts';

const program = new Command()
  .name('swarmscope')
  .description(
    'Find coordinated pile-ons and brigades in a day of interactions, and show them to investigators.',
  )
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

/** Exit codes a scheduler can act on: 2 fix the command, 75 (EX_TEMPFAIL) retry later, 1 anything else. */
const EXIT_CODES: Record<string, number> = { ERR_OPTION: 2, ERR_LOCKED: 75 };

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  // One line a scheduler or a person can act on; the full error goes to the structured log only when asked.
  process.stderr.write(`swarmscope: ${describeError(error)}\n`);
  if (!(error instanceof SwarmscopeError) || process.env.SWARMSCOPE_DEBUG) console.error(error);
  process.exit(error instanceof SwarmscopeError ? (EXIT_CODES[error.code] ?? 1) : 1);
}
