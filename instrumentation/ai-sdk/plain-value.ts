// Markers of the values JSON cannot hold as they are. A marker is a one-key object whose key
// has a colon, which no AI SDK (LanguageModelV3) field name has.
const DATE = 'agc:date';
const BYTES = 'agc:bytes';
const URL_MARK = 'agc:url';
const ERROR = 'agc:error';
// Token counts (`inputTokens`, `reasoningTokens`, ...) are numbers under names the recorder's
// redaction takes for secrets (`token`); they are kept as [name, count] pairs under this key.
const COUNTS = 'agc:counts';
const COUNT_NAME = /tokens$/i;
const MAX_DEPTH = 64;

/**
 * VALUE as a JSON-able value that {@link fromPlain} turns back into the same value: `Date`,
 * `Uint8Array` (base64), `URL` and `Error` (name and message) become marker objects, `undefined`
 * fields are dropped, and token counts are moved out of the way of the recorder's redaction.
 * Used for model responses (recorded) and requests (hashed into the replay key).
 */
export function toPlain(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (depth > MAX_DEPTH) return undefined;
  if (value instanceof Date) return { [DATE]: value.toISOString() };
  if (value instanceof Uint8Array) return { [BYTES]: Buffer.from(value).toString('base64') };
  if (value instanceof URL) return { [URL_MARK]: value.href };
  if (value instanceof Error) return { [ERROR]: { name: value.name, message: value.message } };
  if (Array.isArray(value)) return value.map((item) => toPlain(item, depth + 1) ?? null);
  const out: Record<string, unknown> = {};
  const counts: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const plain = toPlain(item, depth + 1);
    if (plain === undefined) continue;
    if (COUNT_NAME.test(key) && isCount(plain)) counts.push([key, plain]);
    else out[key] = plain;
  }
  if (counts.length > 0) out[COUNTS] = counts;
  return out;
}

/** The value {@link toPlain} was given (markers and token counts restored). */
export function fromPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromPlain);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const marked =
    keys.length === 1 ? unmark(keys[0] as string, record[keys[0] as string]) : undefined;
  if (marked !== undefined) return marked;
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === COUNTS && Array.isArray(record[key])) {
      for (const pair of record[key] as unknown[]) {
        if (Array.isArray(pair) && typeof pair[0] === 'string') out[pair[0]] = fromPlain(pair[1]);
      }
    } else {
      out[key] = fromPlain(record[key]);
    }
  }
  return out;
}

/** A count: a number, or an object of numbers (the V3 `{ total, noCache, ... }` shape). */
function isCount(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'number' || v === null);
}

/** The value a one-key marker object stands for; undefined when KEY is no marker. */
function unmark(key: string, mark: unknown): unknown {
  if (key === ERROR) return errorOf(mark);
  if (typeof mark !== 'string') return undefined;
  if (key === DATE) return new Date(mark);
  if (key === BYTES) return new Uint8Array(Buffer.from(mark, 'base64'));
  if (key === URL_MARK) return new URL(mark);
  return undefined;
}

function errorOf(recorded: unknown): Error {
  const { name, message } = (recorded ?? {}) as { name?: unknown; message?: unknown };
  const error = new Error(typeof message === 'string' ? message : 'recorded error');
  if (typeof name === 'string' && name !== '') error.name = name;
  return error;
}
