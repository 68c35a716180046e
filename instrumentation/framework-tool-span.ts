import { trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';

/**
 * The framework's own `execute_tool {tool}` span when it is the active span: Google ADK opens
 * one around every tool, and so does the AI SDK 7 OpenTelemetry integration (`@ai-sdk/otel`).
 * Governing that span instead of opening a child keeps one span per tool call. With CALL_ID,
 * a span that carries another `gen_ai.tool.call.id` is not this call's.
 */
export function frameworkToolSpan(tool: string, callId?: string): Span | undefined {
  const span = trace.getActiveSpan();
  if (span === undefined) return undefined;
  const { name, attributes } = span as { name?: unknown; attributes?: Record<string, unknown> };
  if (name !== `execute_tool ${tool}`) return undefined;
  const spanCallId = attributes?.['gen_ai.tool.call.id'];
  if (callId !== undefined && spanCallId !== undefined && spanCallId !== callId) return undefined;
  return span;
}
