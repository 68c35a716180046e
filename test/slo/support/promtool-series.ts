import type { ToolCallEvent } from '../../../conventions/index.js';
import { METRIC_TOOL_CALLS, METRIC_TOOL_CALL_DURATION } from '../../../conventions/index.js';

/** One promtool `input_series` entry. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/**
 * Converts tool calls into the series the runtime exports, sampled every `stepMs` from 0 to
 * `endMs`: `agc_tool_calls_total{agent,tool,decision,source,outcome}` and, for calls that ran,
 * `agc_tool_call_duration_seconds_{bucket,count}{agent,tool,outcome}` with prom-client's bucket
 * rule (`seconds <= le`). A sample at time T counts the events with `timeMs <= T`; every series
 * starts at 0 at time 0, as a counter the runtime pre-initialises.
 */
export function toInputSeries(
  events: readonly ToolCallEvent[],
  stepMs: number,
  endMs: number,
  buckets: readonly number[] = [0.5],
): InputSeries[] {
  const steps = Math.floor(endMs / stepMs);
  const series = new Map<string, number[]>();
  const add = (name: string, index: number, by = 1): void => {
    let counts = series.get(name);
    if (counts === undefined) {
      counts = new Array<number>(steps + 1).fill(0);
      series.set(name, counts);
    }
    counts[index] = (counts[index] ?? 0) + by;
  };
  for (const e of events) {
    // The first sample whose time is >= the event's time counts it.
    const index = Math.ceil(e.timeMs / stepMs);
    if (index > steps) continue;
    const outcome = e.blocked ? 'denied' : e.error ? 'error' : 'ok';
    const labels = `agent="${e.agentId}",tool="${e.tool}"`;
    add(
      `${METRIC_TOOL_CALLS.name}{${labels},decision="${e.decision}",source="${e.source}",outcome="${outcome}"}`,
      index,
    );
    if (e.blocked) continue;
    const seconds = e.durationMs / 1000;
    const base = `${METRIC_TOOL_CALL_DURATION.name}`;
    add(`${base}_count{${labels},outcome="${outcome}"}`, index);
    // prom-client exports every bucket of a label set once it observed anything.
    for (const le of [...buckets, Number.POSITIVE_INFINITY]) {
      const bucket = `${base}_bucket{${labels},outcome="${outcome}",le="${le === Infinity ? '+Inf' : String(le)}"}`;
      add(bucket, index, seconds <= le ? 1 : 0);
    }
  }
  return [...series.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, increments]) => {
      let running = 0;
      const values = increments.map((n) => (running += n));
      return { series: name, values: values.join(' ') };
    });
}
