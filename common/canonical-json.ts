import { createHash } from 'node:crypto';

/**
 * VALUE as JSON with object keys sorted at every depth and no whitespace (RFC 8785 in spirit for
 * the JSON values tools take), so key order never makes a difference. `undefined` and function
 * members are left out, as `JSON.stringify` leaves them out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * `sha256:<hex>` of VALUE's {@link canonicalJson}: the arguments hash of a tool call, recorded as
 * `gen_ai.guardrail.security.content.input.hash`; a hash, never the content.
 */
export function canonicalHash(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}
