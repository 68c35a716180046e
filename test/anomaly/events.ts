import type { ToolCallEvent } from '../../conventions/index.js';

/** Epoch of the synthetic streams: a whole number of 5-minute buckets. */
export const T0 = Date.UTC(2026, 0, 5);

/** A finished, allowed, successful call (override any field). */
export function call(overrides: Partial<ToolCallEvent> = {}): ToolCallEvent {
  return {
    timeMs: T0,
    agentId: 'agent-a',
    tool: 'search',
    decision: 'allow',
    source: 'policy',
    blocked: false,
    error: false,
    durationMs: 100,
    ...overrides,
  };
}

/**
 * Calls spread evenly inside consecutive buckets: COUNTS[i] calls in bucket i (of BUCKETMS,
 * starting at START), tools cycling through TOOLS.
 */
export function bucketStream(
  counts: readonly number[],
  bucketMs: number,
  start = T0,
  tools: readonly string[] = ['search'],
  agentId = 'agent-a',
): ToolCallEvent[] {
  const events: ToolCallEvent[] = [];
  let n = 0;
  counts.forEach((count, bucket) => {
    for (let i = 0; i < count; i++) {
      const timeMs = start + bucket * bucketMs + Math.floor(((i + 0.5) * bucketMs) / count);
      events.push(call({ timeMs, agentId, tool: tools[n++ % tools.length] as string }));
    }
  });
  return events;
}
