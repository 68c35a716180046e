/** Writes TEXT and a newline to stdout. */
export function writeOut(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Writes VALUE as pretty JSON to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** True when stdout is a terminal and colours are not disabled. */
export function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
}
