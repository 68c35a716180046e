import {
  LABEL_DECISION,
  LABEL_OUTCOME,
  LABEL_SOURCE,
  METRIC_TOOL_CALLS,
  METRIC_TOOL_CALL_DURATION,
} from '../../conventions/index.js';
import { formatDuration } from '../../common/index.js';
import { isNativeSli, sliQueries, tierFires } from '../../slo/index.js';
import type { SloSpec } from '../../slo/index.js';
import type {
  ArmMeasurements,
  GateConfig,
  GateMetricConfig,
  Measurement,
  SloBurnFinding,
} from '../types.js';
import type { PrometheusClient } from './prometheus-client.js';
import { withSelector } from './selector.js';
import type { LabelMatcher } from './selector.js';

/** One arm as Prometheus sees it. */
export interface PrometheusArm {
  /** Label for reports. */
  readonly label: string;
  /** Matchers selecting the arm's series (merged into every query). */
  readonly matchers: readonly LabelMatcher[];
}

/** Where and when to measure. */
export interface PrometheusWindow {
  readonly client: PrometheusClient;
  /** Lookback of rates and latency, a Prometheus duration (`30m`). */
  readonly window: string;
  /** Evaluation instant, epoch seconds (the same for both arms). */
  readonly time: number;
}

const RAN = `${LABEL_OUTCOME}=~"ok|error"`;

/**
 * Measures one arm through the Prometheus HTTP API over `agc_tool_calls_total` and
 * `agc_tool_call_duration_seconds_bucket` (`increase` over the window, arm matchers merged in):
 * error rate = outcome error / outcomes ok|error; deny rate = decision deny (from the metric's
 * sources) / all calls; tool latency = the histogram's buckets (in ms). SLO burn asks, for every
 * native SLO and page tier, the SLI's error ratio over the tier's own long and short windows
 * and the long window's events, as the generated alert rules do. Anomaly rate and the per-run
 * measures have no metric and are unavailable. Counts are rounded (`increase` extrapolates).
 *
 * @throws PrometheusQueryError when a query fails
 */
export async function measurePrometheus(
  config: GateConfig,
  slos: readonly SloSpec[],
  arm: PrometheusArm,
  at: PrometheusWindow,
): Promise<ArmMeasurements> {
  const metrics = config.groups.flatMap((g) => g.metrics);
  const entries = await Promise.all(
    metrics.map(async (metric) => [metric.name, await measure(metric, slos, arm, at)] as const),
  );
  const total = await count(at, arm, '');
  return { label: arm.label, calls: total, measurements: new Map(entries) };
}

async function measure(
  metric: GateMetricConfig,
  slos: readonly SloSpec[],
  arm: PrometheusArm,
  at: PrometheusWindow,
): Promise<Measurement> {
  switch (metric.measure) {
    case 'tool_error_rate': {
      const [events, trials] = await Promise.all([
        count(at, arm, `${LABEL_OUTCOME}="error"`),
        count(at, arm, RAN),
      ]);
      return { kind: 'rate', events, trials };
    }
    case 'deny_rate': {
      const sources =
        metric.sources.length > 0 ? `,${LABEL_SOURCE}=~"${metric.sources.join('|')}"` : '';
      const [events, trials] = await Promise.all([
        count(at, arm, `${LABEL_DECISION}="deny"${sources}`),
        count(at, arm, ''),
      ]);
      return { kind: 'rate', events, trials };
    }
    case 'tool_latency':
      return histogram(at, arm);
    case 'slo_burn':
      return { kind: 'slo', findings: await sloFindings(slos, arm, at) };
    case 'anomaly_rate':
      return {
        kind: 'unavailable',
        reason: 'no anomaly counter in Prometheus: judge it from recordings',
      };
    case 'run_latency':
    case 'run_tokens':
    case 'run_cost':
      return {
        kind: 'unavailable',
        reason: 'runs are not visible in metrics: judge them from recordings',
      };
  }
}

async function count(at: PrometheusWindow, arm: PrometheusArm, matchers: string): Promise<number> {
  const query = `sum(increase(${METRIC_TOOL_CALLS.name}{${matchers}}[${at.window}]))`;
  const value = await at.client.sum(withSelector(query, arm.matchers), at.time);
  return value === undefined || !Number.isFinite(value) ? 0 : Math.round(value);
}

async function histogram(at: PrometheusWindow, arm: PrometheusArm): Promise<Measurement> {
  const query = `sum by (le) (increase(${METRIC_TOOL_CALL_DURATION.name}_bucket{${RAN}}[${at.window}]))`;
  const result = await at.client.query(withSelector(query, arm.matchers), at.time);
  const cumulative = result
    .map((s) => ({ bound: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), n: s.value }))
    .filter((b) => !Number.isNaN(b.bound) && Number.isFinite(b.n))
    .sort((a, b) => a.bound - b.bound);
  const bounds: number[] = [];
  const counts: number[] = [];
  let previous = 0;
  for (const b of cumulative) {
    // Extrapolated increases can dip below the previous bucket: never count negatively.
    const n = Math.max(0, Math.round(b.n - previous));
    previous = Math.max(previous, b.n);
    bounds.push(b.bound * 1000);
    counts.push(n);
  }
  return { kind: 'histogram', bounds, counts };
}

async function sloFindings(
  slos: readonly SloSpec[],
  arm: PrometheusArm,
  at: PrometheusWindow,
): Promise<SloBurnFinding[]> {
  const native = slos.filter((spec) => isNativeSli(spec.sli));
  return Promise.all(native.map((spec) => sloFinding(spec, arm, at)));
}

async function sloFinding(
  spec: SloSpec,
  arm: PrometheusArm,
  at: PrometheusWindow,
): Promise<SloBurnFinding> {
  const queries = sliQueries(spec);
  const ask = async (promql: string | undefined): Promise<number> => {
    if (promql === undefined) return Number.NaN;
    const value = await at.client.sum(withSelector(promql, arm.matchers), at.time);
    return value ?? Number.NaN;
  };
  const pages = spec.windows.filter((w) => w.severity === 'page');
  let paging = false;
  let burnRate = Number.NaN;
  let events = 0;
  for (const [i, w] of pages.entries()) {
    const long = formatDuration(w.longMs);
    const [longRatio, shortRatio, longEvents] = await Promise.all([
      ask(queries.errorRatio(long)),
      ask(queries.errorRatio(formatDuration(w.shortMs))),
      ask(queries.events(long)),
    ]);
    const n = Number.isFinite(longEvents) ? Math.round(longEvents) : 0;
    // The noted burn is the shortest page window's, as the in-process calculators report.
    if (i === 0) {
      burnRate = longRatio / spec.errorBudget;
      events = n;
    }
    if (tierFires(w, spec.errorBudget, longRatio, shortRatio, n)) paging = true;
  }
  return { slo: spec.name, paging, events, burnRate };
}
