import type { AttributeValue, RecordedSpan, RecordedTrace } from '../../../replay/index.js';

/** A RecordedSpan for pure tests: ids are short readable strings, times in ms from 0. */
export function span(
  traceId: string,
  spanId: string,
  parent: string | undefined,
  options: {
    name?: string;
    startMs?: number;
    durationMs?: number;
    error?: string;
    attributes?: Record<string, AttributeValue>;
    events?: RecordedSpan['events'];
    line?: number;
  } = {},
): RecordedSpan {
  const start = options.startMs ?? 0;
  const duration = options.durationMs ?? 1;
  return {
    traceId,
    spanId,
    ...(parent !== undefined && { parentSpanId: parent }),
    name: options.name ?? spanId,
    kind: 1,
    startMs: start,
    endMs: start + duration,
    durationMs: duration,
    status: options.error !== undefined ? { code: 2, message: options.error } : { code: 0 },
    attributes: options.attributes ?? {},
    events: options.events ?? [],
    origin: { file: 'mem', line: options.line ?? 1 },
  };
}

/** A tool span's attributes. */
export function toolAttrs(
  tool: string,
  extra: Record<string, AttributeValue> = {},
): Record<string, AttributeValue> {
  return {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': tool,
    'gen_ai.agent.id': 'agent-1',
    'agc.policy.decision': 'allow',
    'agc.policy.source': 'policy',
    ...extra,
  };
}

/** A trace of SPANS. */
export function traceOf(spans: RecordedSpan[], complete = true): RecordedTrace {
  return { traceId: spans[0]?.traceId ?? '', spans, complete };
}
