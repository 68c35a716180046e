/** Span and span-event names. */

/** Name of a tool span: `execute_tool {gen_ai.tool.name}`. */
export function toolSpanName(tool: string): string {
  return `execute_tool ${tool}`;
}

/** Name of a model call span: `chat {gen_ai.request.model}` (OTel GenAI inference spans). */
export function modelSpanName(model: string): string {
  return `chat ${model}`;
}

/** Name of an agent-run span: `invoke_agent {gen_ai.agent.name}` (OTel GenAI agent spans). */
export function agentSpanName(agent: string): string {
  return `invoke_agent ${agent}`;
}

/** Name of the OpenTelemetry tracer our instrumentation uses. */
export const TRACER_NAME = '@agc/otel';
/** Span event added when a detector fires on the call's span. */
export const EVENT_AGC_ANOMALY = 'agc.anomaly';
/** Span event added when an SLO's alert state changes. */
export const EVENT_AGC_SLO_ALERT = 'agc.slo.alert';
/** Span event added when a policy denies a call. */
export const EVENT_AGC_POLICY_DENIED = 'agc.policy.denied';
/** Span event added when a circuit breaker changes state. */
export const EVENT_AGC_CIRCUIT = 'agc.circuit';
