import { createHash } from 'node:crypto';

/** Nesting kept by {@link canonicalJson}; deeper values are written as `"[too deep]"`. */
const MAX_DEPTH = 64;

/**
 * VALUE as JSON with object keys sorted at every depth and no whitespace (RFC 8785 in spirit for
 * the JSON values tools take), so key order never makes a difference. `undefined` and function
 * members are left out, as `JSON.stringify` leaves them out. Never throws, whatever a caller's
 * arguments hold: a BigInt is written as its decimal string, a cycle as `"[circular]"`, nesting
 * past 64 as `"[too deep]"`, an object whose properties throw when read as `"[unreadable]"` —
 * so content capture cannot turn a call into a governance failure.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, 0, new Set());
}

function canonical(value: unknown, depth: number, path: Set<object>): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (path.has(value)) return '"[circular]"';
  if (depth >= MAX_DEPTH) return '"[too deep]"';
  path.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((v: unknown) => canonical(v, depth + 1, path)).join(',')}]`;
    }
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, depth + 1, path)}`).join(',')}}`;
  } catch {
    return '"[unreadable]"';
  } finally {
    path.delete(value);
  }
}

/**
 * `sha256:<hex>` of VALUE's {@link canonicalJson}: the arguments hash of a tool call, recorded as
 * `gen_ai.guardrail.security.content.input.hash`; a hash, never the content.
 */
export function canonicalHash(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}
