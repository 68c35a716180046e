/** Exit code of a process refused start because of bad configuration (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/** How the runtime ends the process (tests replace it). */
export type Exit = (code: number) => never;

/**
 * The one way the runtime refuses to start: a single `@agc/otel: ...` line on stderr, then
 * exit code {@link EXIT_CONFIG}. MESSAGE is the rest of the line (its first line only, so a
 * multi-line error stays one line in a log).
 */
export function refuseToStart(message: string, exit: Exit): never {
  const line = message.split('\n')[0] ?? message;
  process.stderr.write(`@agc/otel: ${line}\n`);
  return exit(EXIT_CONFIG);
}

/** The default {@link Exit}: `process.exit`. */
export const processExit: Exit = (code) => process.exit(code);
