import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
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
  ERROR_TYPE_POLICY_DENIED,
  EVENT_AGC_ANOMALY,
  EVENT_AGC_POLICY_DENIED,
} from '../../../conventions/index.js';
import type { Decision, DecisionSource } from '../../../conventions/index.js';
import { RecordingWriter } from '../../../recording/index.js';

/** 2026-01-01T00:00:00Z: tests place their calls at `T0 + offset` (epoch ms). */
export const T0 = Date.UTC(2026, 0, 1);

/** One governed tool call to record. Times are epoch ms (small numbers would be read by OTel as
 * `performance.now()` offsets, so always add {@link T0}). */
export interface CallSpec {
  readonly tool: string;
  readonly startMs: number;
  readonly durationMs?: number;
  readonly agent?: { readonly id: string; readonly name?: string };
  readonly args?: Record<string, unknown>;
  readonly argsHash?: string;
  readonly result?: unknown;
  readonly decision?: Decision;
  readonly source?: DecisionSource;
  readonly rule?: string;
  readonly policyId?: string;
  readonly reason?: string;
  /** Deny that blocked the call (status ERROR, agc.policy.enforced). */
  readonly blocked?: boolean;
  /** The tool body failed. */
  readonly error?: { readonly type: string; readonly message: string };
  readonly callId?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly costUsd?: number;
  readonly anomalies?: readonly {
    detector: string;
    score: number;
    severity: string;
    reason: string;
    action?: string;
  }[];
  readonly chaos?: { experiment: string; fault: string; kind: string; delayMs: number };
}

/** A model call inside an agent run. */
export interface ModelSpec {
  readonly model: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/** One trace: optionally an `invoke_agent` root holding model calls and tool calls. */
export interface TraceSpec {
  readonly agent?: {
    readonly id: string;
    readonly name?: string;
    readonly startMs: number;
    readonly durationMs: number;
    readonly failed?: boolean;
  };
  readonly models?: readonly ModelSpec[];
  readonly calls: readonly CallSpec[];
}

/** Options of {@link writeRecording}. */
export interface WriteRecordingOptions {
  readonly service?: string;
  readonly key?: string;
  /** Spans per recording line (the batch size), written in end order. @default 5 */
  readonly spansPerLine?: number;
  readonly maxBytes?: number;
}

/** The ended spans of TRACES, made with the real OpenTelemetry SDK. */
export function makeSpans(traces: readonly TraceSpec[], service = 'test-agent'): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@agc/otel');
  for (const spec of traces) {
    let parentContext = ROOT_CONTEXT;
    const agent = spec.agent;
    let root: ReturnType<typeof tracer.startSpan> | undefined;
    if (agent !== undefined) {
      root = tracer.startSpan(
        `invoke_agent ${agent.name ?? agent.id}`,
        {
          startTime: agent.startMs,
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
            [ATTR_GEN_AI_AGENT_ID]: agent.id,
            ...(agent.name !== undefined && { [ATTR_GEN_AI_AGENT_NAME]: agent.name }),
          },
        },
        ROOT_CONTEXT,
      );
      parentContext = trace.setSpan(ROOT_CONTEXT, root);
    }
    for (const m of spec.models ?? []) {
      const span = tracer.startSpan(
        `chat ${m.model}`,
        {
          startTime: m.startMs,
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
            'gen_ai.request.model': m.model,
            ...(m.inputTokens !== undefined && { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: m.inputTokens }),
            ...(m.outputTokens !== undefined && {
              [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: m.outputTokens,
            }),
          },
        },
        parentContext,
      );
      span.end(m.startMs + m.durationMs);
    }
    for (const call of spec.calls) {
      const span = tracer.startSpan(
        `execute_tool ${call.tool}`,
        { startTime: call.startMs, attributes: toolAttributes(call, agent) },
        parentContext,
      );
      for (const a of call.anomalies ?? []) {
        span.addEvent(EVENT_AGC_ANOMALY, {
          'agc.anomaly.detector': a.detector,
          'agc.anomaly.score': a.score,
          'agc.anomaly.severity': a.severity,
          'agc.anomaly.reason': a.reason,
          'agc.anomaly.action': a.action ?? 'record',
        });
      }
      if (call.blocked) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: call.reason ?? 'denied' });
        span.addEvent(EVENT_AGC_POLICY_DENIED, { 'agc.policy.source': call.source ?? 'policy' });
      } else if (call.error !== undefined) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: call.error.message });
        span.setAttribute(ATTR_ERROR_TYPE, call.error.type);
      } else if (call.result !== undefined) {
        span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, JSON.stringify(call.result));
      }
      span.end(call.startMs + (call.durationMs ?? 1));
    }
    if (root !== undefined && agent !== undefined) {
      if (agent.failed) root.setStatus({ code: SpanStatusCode.ERROR, message: 'agent run failed' });
      root.end(agent.startMs + agent.durationMs);
    }
  }
  const spans = [...exporter.getFinishedSpans()];
  // The recorder writes spans as they end.
  return spans.sort((a, b) => a.endTime[0] - b.endTime[0] || a.endTime[1] - b.endTime[1]);
}

function toolAttributes(call: CallSpec, agent: TraceSpec['agent']): Attributes {
  const who = call.agent ?? agent ?? { id: 'agent-1' };
  const decision = call.decision ?? (call.blocked ? 'deny' : 'allow');
  return {
    [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
    [ATTR_GEN_AI_TOOL_NAME]: call.tool,
    [ATTR_GEN_AI_AGENT_ID]: who.id,
    ...(who.name !== undefined && { [ATTR_GEN_AI_AGENT_NAME]: who.name }),
    ...(call.callId !== undefined && { [ATTR_GEN_AI_TOOL_CALL_ID]: call.callId }),
    ...(call.args !== undefined && {
      [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify(call.args),
    }),
    ...(call.argsHash !== undefined && {
      'gen_ai.guardrail.security.content.input.hash': call.argsHash,
    }),
    [ATTR_AGC_POLICY_DECISION]: decision,
    [ATTR_AGC_POLICY_SOURCE]: call.source ?? 'policy',
    [ATTR_AGC_POLICY_MODE]: 'enforce',
    ...(call.rule !== undefined && { [ATTR_AGC_POLICY_RULE]: call.rule }),
    ...(call.policyId !== undefined && { [ATTR_AGC_POLICY_ID]: call.policyId }),
    ...(call.reason !== undefined && { [ATTR_AGC_POLICY_REASON]: call.reason }),
    ...(call.blocked && {
      [ATTR_AGC_POLICY_ENFORCED]: true,
      [ATTR_ERROR_TYPE]: ERROR_TYPE_POLICY_DENIED,
    }),
    ...(call.inputTokens !== undefined && { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: call.inputTokens }),
    ...(call.outputTokens !== undefined && {
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: call.outputTokens,
    }),
    ...(call.costUsd !== undefined && { [ATTR_AGC_USAGE_COST_USD]: call.costUsd }),
    ...(call.chaos !== undefined && {
      'agc.chaos.experiment': call.chaos.experiment,
      'agc.chaos.fault': call.chaos.fault,
      'agc.chaos.kind': call.chaos.kind,
      'agc.chaos.delay_ms': call.chaos.delayMs,
    }),
  };
}

/**
 * Records TRACES into DIR with the real `RecordingWriter` (OTLP/JSON lines, hash chain, head
 * sidecar), SPANS_PER_LINE spans per line in end order. Returns the files written.
 */
export function writeRecording(
  dir: string,
  traces: readonly TraceSpec[],
  options: WriteRecordingOptions = {},
): string[] {
  return writeSpans(dir, makeSpans(traces, options.service), options);
}

/** Writes SPANS (in the order given) with the real `RecordingWriter`; returns the files. */
export function writeSpans(
  dir: string,
  spans: readonly ReadableSpan[],
  options: WriteRecordingOptions = {},
): string[] {
  const writer = new RecordingWriter({
    dir,
    service: options.service ?? 'test-agent',
    now: () => T0,
    ...(options.key !== undefined && { key: options.key }),
    ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
  });
  const per = options.spansPerLine ?? 5;
  for (let i = 0; i < spans.length; i += per) writer.write(spans.slice(i, i + per));
  writer.close();
  return [...writer.files];
}
