import type { SloSpec } from '../slo/index.js';
import { judgeGate } from './judge-gate.js';
import { PrometheusClient } from './prometheus/prometheus-client.js';
import { measurePrometheus } from './prometheus/prometheus-arm.js';
import { formatMatcher } from './prometheus/selector.js';
import type { LabelMatcher } from './prometheus/selector.js';
import { measureRecordings } from './read-arm.js';
import type { GateConfig, GateReport } from './types.js';

/**
 * Gate from recordings: reads both arms (files or folders) and judges the canary.
 *
 * @throws RecordingReadError when a recording cannot be read
 */
export async function gateRecordings(
  config: GateConfig,
  slos: readonly SloSpec[],
  baseline: readonly string[],
  canary: readonly string[],
  labels: { readonly baseline?: string; readonly canary?: string } = {},
): Promise<GateReport> {
  const [b, c] = await Promise.all([
    measureRecordings(config, slos, baseline, labels.baseline),
    measureRecordings(config, slos, canary, labels.canary),
  ]);
  return judgeGate(config, b, c);
}

/** What {@link gatePrometheus} needs. */
export interface PrometheusGateOptions {
  /** Prometheus base URL, or a client. */
  readonly prometheus: string | PrometheusClient;
  readonly baseline: readonly LabelMatcher[];
  readonly canary: readonly LabelMatcher[];
  /** Lookback, a Prometheus duration. @default '30m' */
  readonly window?: string;
  /** Evaluation instant, epoch seconds. @default now */
  readonly time?: number;
}

/**
 * Gate from live metrics: measures both arms through the Prometheus HTTP API at the same
 * instant over the same window and judges the canary.
 *
 * @throws PrometheusQueryError when a query fails
 */
export async function gatePrometheus(
  config: GateConfig,
  slos: readonly SloSpec[],
  options: PrometheusGateOptions,
): Promise<GateReport> {
  const client =
    typeof options.prometheus === 'string'
      ? new PrometheusClient(options.prometheus)
      : options.prometheus;
  const at = {
    client,
    window: options.window ?? '30m',
    time: options.time ?? Date.now() / 1000,
  };
  const label = (m: readonly LabelMatcher[]): string => `{${m.map(formatMatcher).join(',')}}`;
  const [b, c] = await Promise.all([
    measurePrometheus(
      config,
      slos,
      { label: label(options.baseline), matchers: options.baseline },
      at,
    ),
    measurePrometheus(config, slos, { label: label(options.canary), matchers: options.canary }, at),
  ]);
  return judgeGate(config, b, c);
}
