import type { GateMeasure } from './types.js';

/** Unit of each distribution measure, for reports. */
export const MEASURE_UNITS: Readonly<Record<GateMeasure, string>> = {
  tool_error_rate: '',
  deny_rate: '',
  anomaly_rate: '',
  tool_latency: 'ms',
  run_latency: 'ms',
  run_tokens: 'tokens',
  run_cost: 'USD',
  slo_burn: '',
};
