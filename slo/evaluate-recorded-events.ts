import type { ToolCallEvent } from '../conventions/index.js';
import { SloMonitor } from './slo-monitor.js';
import type { SloSpec, SloStatus } from './types.js';

/** SLO statuses computed offline from recorded tool calls. */
export interface SloReport {
  /** The instant the SLOs were evaluated at, epoch ms. */
  readonly atMs: number;
  /** Events read (at or before `atMs`). */
  readonly events: number;
  /** One status per native SLO, in spec order. */
  readonly statuses: readonly SloStatus[];
  /** SLOs that cannot be computed from recordings (PromQL SLIs), with why. */
  readonly skipped: readonly { readonly slo: string; readonly reason: string }[];
}

/** Options of {@link evaluateRecordedEvents}. */
export interface EvaluateRecordedOptions {
  /** Evaluate at this instant (epoch ms); later events are ignored. @default the last event's time */
  readonly atMs?: number;
}

/**
 * Computes SLO statuses from recorded tool calls, with the same calculators as the runtime
 * (time taken from the events, never the clock). Events are sorted by time first, so the
 * result does not depend on the order of the recording files.
 */
export async function evaluateRecordedEvents(
  specs: readonly SloSpec[],
  events: AsyncIterable<ToolCallEvent> | Iterable<ToolCallEvent>,
  options: EvaluateRecordedOptions = {},
): Promise<SloReport> {
  const monitor = new SloMonitor(specs);
  const kept: ToolCallEvent[] = [];
  for await (const event of events) {
    if (options.atMs === undefined || event.timeMs <= options.atMs) kept.push(event);
  }
  kept.sort((a, b) => a.timeMs - b.timeMs);
  for (const event of kept) monitor.observe(event);
  const atMs = options.atMs ?? kept[kept.length - 1]?.timeMs ?? 0;
  return {
    atMs,
    events: kept.length,
    statuses: monitor.evaluate(atMs).statuses,
    skipped: monitor.promQlOnly.map((slo) => ({
      slo,
      reason: 'PromQL SLI (Sloth/OpenSLO): evaluated by Prometheus rules, not from recordings',
    })),
  };
}
