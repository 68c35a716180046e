import {
  ATTR_AGC_ANOMALY_ACTION,
  ATTR_AGC_ANOMALY_DETECTOR,
  ATTR_AGC_ANOMALY_REASON,
  ATTR_AGC_ANOMALY_SCORE,
  ATTR_AGC_ANOMALY_SEVERITY,
} from '../anomaly/index.js';
import {
  ATTR_AGC_POLICY_DECISION,
  ATTR_AGC_POLICY_ENFORCED,
  ATTR_AGC_POLICY_ID,
  ATTR_AGC_POLICY_MODE,
  ATTR_AGC_POLICY_REASON,
  ATTR_AGC_POLICY_RULE,
  ATTR_AGC_POLICY_SOURCE,
  ATTR_AGC_USAGE_COST_USD,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  DECISIONS,
  DECISION_SOURCES,
  EVENT_AGC_ANOMALY,
  GEN_AI_OPERATION_EXECUTE_TOOL,
} from '../conventions/index.js';
import type { Decision, DecisionSource, ToolCallEvent } from '../conventions/index.js';
import {
  ATTR_AGC_CHAOS_DELAY_MS,
  ATTR_AGC_CHAOS_EXPERIMENT,
  ATTR_AGC_CHAOS_FAULT,
  ATTR_AGC_CHAOS_KIND,
  ATTR_AGC_REPLAY_SERVED,
  ATTR_GEN_AI_ARGUMENTS_HASH,
  ATTR_AGC_REPLAY_KEY,
} from './recorded-attributes.js';
import type {
  AttributeValue,
  RecordedAnomaly,
  RecordedChaos,
  RecordedSpan,
  ToolStep,
} from './types.js';

/** True for an `execute_tool` span. */
export function isToolSpan(span: RecordedSpan): boolean {
  return span.attributes[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION_EXECUTE_TOOL;
}

/**
 * The governed tool call an `execute_tool` span records, or undefined for any other span. Reads
 * the same attributes as the runtime's `spanToEvent` (decision and source default to `allow`
 * and `default` when absent or unknown, as for an ungoverned span).
 */
export function toToolStep(span: RecordedSpan): ToolStep | undefined {
  const a = span.attributes;
  if (a[ATTR_GEN_AI_OPERATION_NAME] !== GEN_AI_OPERATION_EXECUTE_TOOL) return undefined;
  const blocked = a[ATTR_AGC_POLICY_ENFORCED] === true;
  const agentName = str(a[ATTR_GEN_AI_AGENT_NAME]);
  const step: { -readonly [K in keyof ToolStep]: ToolStep[K] } = {
    traceId: span.traceId,
    spanId: span.spanId,
    startMs: span.startMs,
    endMs: span.endMs,
    durationMs: span.durationMs,
    agentId: str(a[ATTR_GEN_AI_AGENT_ID]) ?? agentName ?? '',
    tool: str(a[ATTR_GEN_AI_TOOL_NAME]) ?? 'unknown',
    decision: oneOf<Decision>(a[ATTR_AGC_POLICY_DECISION], DECISIONS, 'allow'),
    source: oneOf<DecisionSource>(a[ATTR_AGC_POLICY_SOURCE], DECISION_SOURCES, 'default'),
    blocked,
    error: !blocked && span.status.code === 2,
    anomalies: anomalies(span),
    origin: span.origin,
  };
  if (span.parentSpanId !== undefined) step.parentSpanId = span.parentSpanId;
  if (agentName !== undefined) step.agentName = agentName;
  setStr(step, 'callId', a[ATTR_GEN_AI_TOOL_CALL_ID]);
  setStr(step, 'args', a[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]);
  setStr(step, 'argsHash', a[ATTR_GEN_AI_ARGUMENTS_HASH]);
  setStr(step, 'replayKey', a[ATTR_AGC_REPLAY_KEY]);
  setStr(step, 'result', a[ATTR_GEN_AI_TOOL_CALL_RESULT]);
  setStr(step, 'rule', a[ATTR_AGC_POLICY_RULE]);
  setStr(step, 'policyId', a[ATTR_AGC_POLICY_ID]);
  setStr(step, 'reason', a[ATTR_AGC_POLICY_REASON]);
  setStr(step, 'mode', a[ATTR_AGC_POLICY_MODE]);
  if (span.status.code === 2) {
    setStr(step, 'errorType', a[ATTR_ERROR_TYPE]);
    if (span.status.message !== undefined) step.errorMessage = span.status.message;
  }
  const input = num(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
  const output = num(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
  const cost = num(a[ATTR_AGC_USAGE_COST_USD]);
  if (input !== undefined) step.inputTokens = input;
  if (output !== undefined) step.outputTokens = output;
  if (cost !== undefined) step.costUsd = cost;
  const chaos = chaosOf(span);
  if (chaos !== undefined) step.chaos = chaos;
  if (a[ATTR_AGC_REPLAY_SERVED] === true) step.replayed = true;
  return step;
}

/** Tokens of a step (input + output), when either was recorded. */
export function stepTokens(step: ToolStep): number | undefined {
  if (step.inputTokens === undefined && step.outputTokens === undefined) return undefined;
  return (step.inputTokens ?? 0) + (step.outputTokens ?? 0);
}

/**
 * The {@link ToolCallEvent} of a step, as the runtime builds it from the live span: time is the
 * end time, tokens are input + output.
 */
export function toToolCallEvent(step: ToolStep): ToolCallEvent {
  const tokens = stepTokens(step);
  return {
    timeMs: step.endMs,
    agentId: step.agentId,
    ...(step.agentName !== undefined && { agentName: step.agentName }),
    tool: step.tool,
    decision: step.decision,
    source: step.source,
    blocked: step.blocked,
    error: step.error,
    durationMs: step.durationMs,
    ...(tokens !== undefined && { tokens }),
    ...(step.costUsd !== undefined && { costUsd: step.costUsd }),
  };
}

function anomalies(span: RecordedSpan): RecordedAnomaly[] {
  let out: RecordedAnomaly[] | undefined;
  for (const event of span.events) {
    if (event.name !== EVENT_AGC_ANOMALY) continue;
    const e = event.attributes;
    const found: { -readonly [K in keyof RecordedAnomaly]: RecordedAnomaly[K] } = {
      detector: str(e[ATTR_AGC_ANOMALY_DETECTOR]) ?? 'unknown',
      timeMs: event.timeMs,
    };
    const score = num(e[ATTR_AGC_ANOMALY_SCORE]);
    if (score !== undefined) found.score = score;
    setStr(found, 'severity', e[ATTR_AGC_ANOMALY_SEVERITY]);
    setStr(found, 'reason', e[ATTR_AGC_ANOMALY_REASON]);
    setStr(found, 'action', e[ATTR_AGC_ANOMALY_ACTION]);
    (out ??= []).push(found);
  }
  return out ?? NONE;
}

const NONE: RecordedAnomaly[] = [];

function chaosOf(span: RecordedSpan): RecordedChaos | undefined {
  const a = span.attributes;
  const fault = str(a[ATTR_AGC_CHAOS_FAULT]);
  if (fault === undefined) return undefined;
  const chaos: { -readonly [K in keyof RecordedChaos]: RecordedChaos[K] } = {
    fault,
    kind: str(a[ATTR_AGC_CHAOS_KIND]) ?? 'unknown',
  };
  setStr(chaos, 'experiment', a[ATTR_AGC_CHAOS_EXPERIMENT]);
  const delay = num(a[ATTR_AGC_CHAOS_DELAY_MS]);
  if (delay !== undefined) chaos.delayMs = delay;
  return chaos;
}

function setStr<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: AttributeValue | undefined,
): void {
  if (typeof value === 'string' && value !== '') target[key] = value as T[K];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

function str(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: AttributeValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
