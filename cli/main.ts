import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

/**
 * Entry of the `agc` binary. Catches once at the top: usage errors exit 2, any other failure
 * prints one line and exits 1 (commands set `process.exitCode` themselves for findings).
 */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        process.exitCode = 0;
        return;
      }
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`agc: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
