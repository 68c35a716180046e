/**
 * Escapes VALUE for a PromQL double-quoted string (a label matcher's value): backslash, double
 * quote and newline, as the PromQL lexer reads them back.
 */
export function escapePromqlString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
