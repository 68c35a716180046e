/** One difference between two JSON values. */
export interface JsonDifference {
  /** Where, as `$`, `$.key`, `$.list[2].key`. */
  readonly path: string;
  /** The value in A (absent when only B has the path). */
  readonly a?: unknown;
  /** The value in B (absent when only A has the path). */
  readonly b?: unknown;
}

/**
 * The differences between two JSON values, depth first in key order, at most MAX (the rest are
 * not listed). Arrays compare index by index; objects key by key, ignoring key order.
 */
export function diffJson(a: unknown, b: unknown, max = 20): JsonDifference[] {
  const out: JsonDifference[] = [];
  walk(a, b, '$', out, max);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: JsonDifference[], max: number): void {
  if (out.length >= max) return;
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n && out.length < max; i++) {
      const p = `${path}[${i}]`;
      if (i >= a.length) out.push({ path: p, b: b[i] as unknown });
      else if (i >= b.length) out.push({ path: p, a: a[i] as unknown });
      else walk(a[i], b[i], p, out, max);
    }
    return;
  }
  if (isPlain(a) && isPlain(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      if (out.length >= max) return;
      const p = /^[A-Za-z_$][\w$]*$/.test(key)
        ? `${path}.${key}`
        : `${path}[${JSON.stringify(key)}]`;
      if (!(key in a)) out.push({ path: p, b: b[key] });
      else if (!(key in b)) out.push({ path: p, a: a[key] });
      else walk(a[key], b[key], p, out, max);
    }
    return;
  }
  out.push({ path, a, b });
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text; the text itself when it is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
