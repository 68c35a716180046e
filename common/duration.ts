/** Prometheus-style durations (`500ms`, `30s`, `5m`, `1h30m`, `7d`, `1w`), parsed and rendered exactly. */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
// Prometheus' own order: largest unit first, each at most once (`1h30m`, never `30m1h` or `1h1h`).
const UNIT_ORDER = ['w', 'd', 'h', 'm', 's', 'ms'];
const DURATION_RE = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART_RE = /(\d+)(ms|s|m|h|d|w)/g;

/**
 * Parses a Prometheus duration (units `ms s m h d w`, largest first, each at most once) into
 * milliseconds. The one parser of every file the project reads (policies, SLO specs, anomaly
 * options, gate files), so `1w` means the same everywhere.
 *
 * @returns undefined when TEXT is not such a duration, or is zero, so callers can report it with
 *   a position.
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  let total = 0;
  let lastUnit = -1;
  for (const match of text.matchAll(PART_RE)) {
    const unit = match[2] ?? '';
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastUnit) return undefined;
    lastUnit = rank;
    total += Number(match[1]) * (UNIT_MS[unit] ?? 0);
  }
  return total > 0 && Number.isSafeInteger(total) ? total : undefined;
}

/** The message every reader uses for a text {@link parseDuration} refuses. */
export function durationProblem(text: string): string {
  return `'${text}' is not a duration (expected e.g. 30s, 5m, 1h30m, 7d: units ms s m h d w, largest first)`;
}

/**
 * Renders milliseconds as the shortest Prometheus duration using d, h, m, s and ms (never w, so
 * `30d` stays `30d`): 300000 → `5m`, 5400000 → `1h30m`. Zero renders as `0s`.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (!Number.isSafeInteger(ms) || ms < 0) return `${ms}ms`;
  let rest = ms;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit] ?? 1;
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
