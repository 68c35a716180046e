import type { ToolCallEvent } from '../../../conventions/index.js';

/** A finished, allowed, successful call of `search` by `agent-a` at `timeMs`, with overrides. */
export function toolCall(timeMs: number, overrides: Partial<ToolCallEvent> = {}): ToolCallEvent {
  return {
    timeMs,
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

/** `count` calls spread evenly over `(startMs, startMs + spanMs]`, the first `bad` failing. */
export function spread(
  startMs: number,
  spanMs: number,
  count: number,
  bad: number,
  overrides: Partial<ToolCallEvent> = {},
): ToolCallEvent[] {
  return Array.from({ length: count }, (_, i) =>
    toolCall(startMs + Math.floor(((i + 1) * spanMs) / count), { ...overrides, error: i < bad }),
  );
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
