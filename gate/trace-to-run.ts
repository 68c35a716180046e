import {
  ATTR_AGC_USAGE_COST_USD,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../conventions/index.js';
import { toToolStep } from '../replay/index.js';
import type { RecordedSpan, RecordedTrace, ToolStep } from '../replay/index.js';
import type { GateRun } from './arm-accumulator.js';

/** One trace seen as a run: its tool calls and its totals. */
export interface TraceRun {
  readonly steps: readonly ToolStep[];
  readonly run: GateRun;
}

/**
 * Reads one trace as a run (one agent task). A trace counts as a run when it holds a tool span,
 * any `gen_ai.*` operation, or usage; other traces (plain HTTP spans, ...) give undefined.
 *
 * - Duration: the root span's (the one span without a parent), else first start to last end.
 * - Tokens (`gen_ai.usage.input_tokens + output_tokens`) and cost (`agc.usage.cost_usd`) are
 *   summed over the spans that report them, skipping a span whose descendants report them too
 *   (an agent span carrying its model calls' total must not count twice).
 */
export function traceToRun(trace: RecordedTrace): TraceRun | undefined {
  const spans = trace.spans;
  const steps: ToolStep[] = [];
  let genAi = false;
  for (const span of spans) {
    const step = toToolStep(span);
    if (step !== undefined) steps.push(step);
    if (typeof span.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'string') genAi = true;
  }
  const tokens = leafSum(spans, tokensOf);
  const costUsd = leafSum(spans, costOf);
  if (steps.length === 0 && !genAi && tokens === undefined && costUsd === undefined) {
    return undefined;
  }
  return {
    steps,
    run: {
      durationMs: duration(spans),
      ...(tokens !== undefined && { tokens }),
      ...(costUsd !== undefined && { costUsd }),
    },
  };
}

function duration(spans: readonly RecordedSpan[]): number {
  const roots = spans.filter((s) => s.parentSpanId === undefined);
  const [root] = roots;
  if (roots.length === 1 && root !== undefined) return root.durationMs;
  let start = Infinity;
  let end = -Infinity;
  for (const s of spans) {
    if (s.startMs < start) start = s.startMs;
    if (s.endMs > end) end = s.endMs;
  }
  return end - start;
}

function tokensOf(span: RecordedSpan): number | undefined {
  const input = finite(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
  const output = finite(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
  if (input === undefined && output === undefined) return undefined;
  return (input ?? 0) + (output ?? 0);
}

function costOf(span: RecordedSpan): number | undefined {
  return finite(span.attributes[ATTR_AGC_USAGE_COST_USD]);
}

/** Sum of VALUE over the spans reporting it whose descendants do not; undefined when none does. */
function leafSum(
  spans: readonly RecordedSpan[],
  value: (span: RecordedSpan) => number | undefined,
): number | undefined {
  const reporting = new Map<string, number>();
  for (const span of spans) {
    const v = value(span);
    if (v !== undefined) reporting.set(span.spanId, v);
  }
  if (reporting.size === 0) return undefined;
  const parents = new Map<string, string | undefined>();
  for (const span of spans) parents.set(span.spanId, span.parentSpanId);
  const covered = new Set<string>();
  for (const id of reporting.keys()) {
    // Mark every ancestor of a reporting span; the walk stops at one already marked.
    let parent = parents.get(id);
    while (parent !== undefined && !covered.has(parent)) {
      covered.add(parent);
      parent = parents.get(parent);
    }
  }
  let sum = 0;
  for (const [id, v] of reporting) if (!covered.has(id)) sum += v;
  return sum;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
