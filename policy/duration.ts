const UNITS_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const DURATION = /^(?:(\d+)(ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/**
 * Parses a Prometheus-style duration (`500ms`, `30s`, `1m`, `1h30m`, `7d`) into milliseconds.
 * Returns `undefined` for anything else (including zero), so callers can report it with a
 * position.
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(PART)) {
    total += Number(match[1]) * (UNITS_MS[match[2] ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) && total > 0 ? total : undefined;
}
