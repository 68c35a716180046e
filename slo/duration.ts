/** Prometheus-style durations (`5m`, `1h30m`, `30d`), parsed and rendered exactly. */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const UNIT_ORDER = ['w', 'd', 'h', 'm', 's', 'ms'];
const DURATION_RE = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART_RE = /(\d+)(ms|s|m|h|d|w)/g;

/**
 * Parses a Prometheus duration (`5m`, `1h30m`, `30d`; units ms s m h d w, largest first, each at
 * most once) into milliseconds. Returns undefined when `text` is not such a duration or is zero.
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

/**
 * Renders milliseconds as the shortest Prometheus duration using d, h, m, s and ms (never w or y,
 * so `30d` stays `30d`): 300000 → `5m`, 5400000 → `1h30m`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0) return `${ms}ms`;
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
