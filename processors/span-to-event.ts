import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_AGC_POLICY_DECISION,
  ATTR_AGC_POLICY_ENFORCED,
  ATTR_AGC_POLICY_SOURCE,
  ATTR_AGC_USAGE_COST_USD,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  DECISIONS,
  DECISION_SOURCES,
} from '../conventions/index.js';
import type { ToolCallEvent } from '../conventions/index.js';

/**
 * Builds the {@link ToolCallEvent} the pure modules consume from an `execute_tool` span that is
 * ending (its end time and duration are set).
 */
export function spanToEvent(span: ReadableSpan): ToolCallEvent {
  const a = span.attributes;
  const decision = oneOf(a[ATTR_AGC_POLICY_DECISION], DECISIONS, 'allow');
  const source = oneOf(a[ATTR_AGC_POLICY_SOURCE], DECISION_SOURCES, 'default');
  const blocked = a[ATTR_AGC_POLICY_ENFORCED] === true;
  const input = num(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
  const output = num(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
  const cost = num(a[ATTR_AGC_USAGE_COST_USD]);
  const agentId = str(a[ATTR_GEN_AI_AGENT_ID]) ?? str(a[ATTR_GEN_AI_AGENT_NAME]) ?? '';
  const agentName = str(a[ATTR_GEN_AI_AGENT_NAME]);
  return {
    timeMs: span.endTime[0] * 1e3 + span.endTime[1] / 1e6,
    agentId,
    ...(agentName !== undefined && { agentName }),
    tool: str(a[ATTR_GEN_AI_TOOL_NAME]) ?? 'unknown',
    decision,
    source,
    blocked,
    error: !blocked && span.status.code === SpanStatusCode.ERROR,
    durationMs: span.duration[0] * 1e3 + span.duration[1] / 1e6,
    ...((input !== undefined || output !== undefined) && { tokens: (input ?? 0) + (output ?? 0) }),
    ...(cost !== undefined && { costUsd: cost }),
  };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
