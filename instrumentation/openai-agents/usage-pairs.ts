// The recorder redacts every field whose name looks like a secret, "token" included, so a
// recorded `{ inputTokens: 12 }` would come back as `{ inputTokens: "[REDACTED]" }`. Usage
// objects are recorded as lists of [name, value] pairs instead: names become values, which are
// only checked for secret shapes, and the counts survive. Only usage objects are written this
// way (their values are counts), never content, so no secret escapes redaction by it.

/** The field that marks an object recorded as pairs. */
const PAIRS = '$pairs';

/** USAGE (a `Usage`, `RequestUsage`, raw provider usage, or a list of them) as pairs. */
export function usageToPairs(usage: unknown): unknown {
  if (Array.isArray(usage)) return usage.map(usageToPairs);
  if (!isRecord(usage)) return usage;
  const pairs: [string, unknown][] = [];
  for (const [name, value] of Object.entries(usage)) {
    if (value !== undefined) pairs.push([name, usageToPairs(value)]);
  }
  return { [PAIRS]: pairs };
}

/** The usage fields back from {@link usageToPairs}'s form (a plain object is kept as it is). */
export function usageFromPairs(recorded: unknown): unknown {
  if (Array.isArray(recorded)) return recorded.map(usageFromPairs);
  if (!isRecord(recorded)) return recorded;
  const pairs = recorded[PAIRS];
  if (!Array.isArray(pairs)) return recorded;
  const usage: Record<string, unknown> = {};
  for (const pair of pairs as unknown[]) {
    if (Array.isArray(pair) && typeof pair[0] === 'string') {
      usage[pair[0]] = usageFromPairs(pair[1]);
    }
  }
  return usage;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
