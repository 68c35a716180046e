// Markers of the values JSON cannot hold as they are. A marker is a one-key object whose key
// has a colon, which no AI SDK (LanguageModelV3) field name has.
const DATE = 'agc:date';
const BYTES = 'agc:bytes';
const URL_MARK = 'agc:url';
const ERROR = 'agc:error';
const MAX_DEPTH = 64;

/**
 * VALUE as a JSON-able value that {@link fromPlain} turns back into the same value: `Date`,
 * `Uint8Array` (base64), `URL` and `Error` (name and message) become marker objects, `undefined`
 * fields are dropped.
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
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const plain = toPlain(item, depth + 1);
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

/** The value {@link toPlain} was given (markers restored). */
export function fromPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromPlain);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const marked =
    keys.length === 1 ? unmark(keys[0] as string, record[keys[0] as string]) : undefined;
  if (marked !== undefined) return marked;
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = fromPlain(record[key]);
  return out;
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
