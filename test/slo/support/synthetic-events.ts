import type { ToolCallEvent } from '../../../conventions/index.js';

/** Small seeded PRNG (mulberry32): the same seed gives the same stream on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One phase of a synthetic stream: from `fromMin` (inclusive) to `toMin` (exclusive). */
export interface Phase {
  readonly fromMin: number;
  readonly toMin: number;
  /** Calls per minute (mean; actual is uniform in [0, 2·mean]). */
  readonly callsPerMin: number;
  /** Probability a call that ran fails. */
  readonly errorRate: number;
  /** Probability a call is slower than 500 ms. */
  readonly slowRate: number;
  /** Probability a call is denied by policy (and blocked). */
  readonly denyRate: number;
}

const AGENTS = ['planner', 'support-1'];
const TOOLS = ['search', 'db.query'];

/**
 * A seeded stream of tool calls following `phases`, sorted by time. Times are whole ms in
 * `(m·60000, (m+1)·60000]` for minute m; about 5 % fall exactly on the minute's end, to exercise
 * the bucket edges. Durations include exactly 500 ms (the latency threshold, which is good).
 */
export function syntheticEvents(phases: readonly Phase[], seed: number): ToolCallEvent[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const events: ToolCallEvent[] = [];
  for (const phase of phases) {
    for (let minute = phase.fromMin; minute < phase.toMin; minute++) {
      const calls = Math.round(random() * 2 * phase.callsPerMin);
      for (let i = 0; i < calls; i++) {
        const timeMs =
          random() < 0.05
            ? (minute + 1) * 60_000
            : minute * 60_000 + 1 + Math.floor(random() * 59_999);
        const denied = random() < phase.denyRate;
        const slow = random() < phase.slowRate;
        const durationMs = slow
          ? 501 + Math.floor(random() * 2000)
          : random() < 0.1
            ? 500
            : 5 + Math.floor(random() * 480);
        events.push({
          timeMs,
          agentId: pick(AGENTS),
          tool: pick(TOOLS),
          decision: denied ? 'deny' : 'allow',
          source: 'policy',
          blocked: denied,
          error: !denied && random() < phase.errorRate,
          durationMs: denied ? 0 : durationMs,
        });
      }
    }
  }
  return events.sort((a, b) => a.timeMs - b.timeMs);
}
