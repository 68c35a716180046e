import { describe, expect, it } from 'vitest';
import { conventionSeriesNames, metricNames } from './promql-names.js';

describe('metricNames (the checker the dashboard tests rely on)', () => {
  it.each([
    ['agc_tool_calls_total', ['agc_tool_calls_total']],
    [
      'sum by (agent, tool) (rate(agc_tool_calls_total{job=~"$service",agent=~"$agent"}[$__rate_interval]))',
      ['agc_tool_calls_total'],
    ],
    [
      'histogram_quantile(0.95, sum by (tool, le) (rate(agc_tool_call_duration_seconds_bucket[5m])))',
      ['agc_tool_call_duration_seconds_bucket'],
    ],
    ['sum(rate(a_total{x="or b"}[1m])) / sum(rate(b_total[1m]))', ['a_total', 'b_total']],
    ['x > 0 unless on (job, agent) y offset 10m > 0', ['x', 'y']],
    ['sum by (job) (errors) or sum by (job) (0 * info)', ['errors', 'info']],
    ['topk(10, max by (agent, detector) (score))', ['score']],
    ['1e-3 * up > bool 0.5', ['up']],
    ['label_values(agc_tool_calls_total{job=~"$service"}, agent)', ['agc_tool_calls_total']],
    ['job_agent:agc_tool_calls:rate5m * 300 >= 20', ['job_agent:agc_tool_calls:rate5m']],
  ])('%s reads %j', (expr, names) => {
    expect(metricNames(expr)).toEqual(names);
  });

  it('knows every runtime series, histograms by their _bucket/_sum/_count series', () => {
    const names = conventionSeriesNames();
    expect(names.has('agc_tool_calls_total')).toBe(true);
    expect(names.has('agc_slo_burn_rate')).toBe(true);
    expect(names.has('agc_tool_call_duration_seconds_bucket')).toBe(true);
    expect(names.has('agc_tool_call_duration_seconds')).toBe(false);
    expect(names.has('agc_tool_calls_total_bucket')).toBe(false);
  });
});
