import { context, createContextKey, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';

/** What a patched dispatch leaves in context while the governed tool body runs. */
interface GovernedCallMarker {
  readonly tool: string;
  readonly span: Span | undefined;
}

// createContextKey is Symbol.for(description): the CJS and ESM copies of this module agree.
const GOVERNED_CALL_KEY = createContextKey('@agc/otel governed tool call');

/**
 * Runs FN (the tool body of a call `govern()` just admitted) with a marker in context, so a
 * second patch that sees the same call further down (an MCP `callTool` made by a LangChain tool)
 * can recognise it and not open a second span.
 */
export function runAsGovernedCall<T>(tool: string, fn: () => T): T {
  const marker: GovernedCallMarker = { tool, span: trace.getActiveSpan() };
  return context.with(context.active().setValue(GOVERNED_CALL_KEY, marker), fn);
}

/**
 * True when the active context is directly inside a governed call of TOOL: the governed span is
 * still the active span (no other span opened in between) and the names agree, also when one
 * side prefixes the other's name at a word boundary (MCP adapters name tools `mcp__server__tool`).
 */
export function isSameGovernedCall(tool: string): boolean {
  const marker = context.active().getValue(GOVERNED_CALL_KEY) as GovernedCallMarker | undefined;
  if (marker === undefined || marker.span !== trace.getActiveSpan()) return false;
  return sameToolName(marker.tool, tool);
}

/** Tool names of one call seen by two layers: equal, or one ends with the other after a separator. */
export function sameToolName(a: string, b: string): boolean {
  return a === b || endsWithName(a, b) || endsWithName(b, a);
}

function endsWithName(longer: string, name: string): boolean {
  if (name.length === 0 || longer.length <= name.length || !longer.endsWith(name)) return false;
  return /[^A-Za-z0-9]/.test(longer.charAt(longer.length - name.length - 1));
}
