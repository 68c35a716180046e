const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];
const UNIT_MS: Readonly<Record<string, number>> = Object.fromEntries(UNITS);

/**
 * Parses a Prometheus-style duration (`30s`, `1m`, `1h30m`, `500ms`) into milliseconds.
 *
 * @throws Error naming the text when it is not a positive duration (configuration time).
 */
export function parseDuration(text: string): number {
  const parts = /^(?:\d+(?:ms|[smhd]))+$/.test(text) ? text.match(/\d+(?:ms|[smhd])/g) : null;
  let total = 0;
  for (const part of parts ?? []) {
    const unit = /(ms|[smhd])$/.exec(part)?.[1] ?? '';
    total += Number.parseInt(part, 10) * (UNIT_MS[unit] ?? NaN);
  }
  if (!(total > 0) || !Number.isSafeInteger(total)) {
    throw new Error(`'${text}' is not a duration (expected e.g. 30s, 1m, 1h30m)`);
  }
  return total;
}

/** Formats whole milliseconds as the shortest Prometheus duration (`3599000` → `59m59s`). */
export function formatDuration(ms: number): string {
  let rest = ms;
  let text = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) text += `${n}${unit}`;
    rest -= n * size;
  }
  return text || '0s';
}
