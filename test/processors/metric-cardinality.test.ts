import { describe, expect, it } from 'vitest';
import { GovernanceMetrics } from '../../processors/governance-metrics.js';

// 1,000 agents × 400 tools once crashed /metrics (RangeError: Invalid string length, 3.9 GB RSS):
// the cap was per label, not per series. Each family now keeps a bounded number of series and
// folds the rest into agent="_other", tool="_other", counting what it folded.

const sumOf = (text: string, metric: string): number =>
  text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

describe('metric cardinality is capped per series', () => {
  it('1,000 agents × 400 tools: a bounded scrape that still counts every call', async () => {
    const metrics = new GovernanceMetrics({ processMetrics: false });
    for (let a = 0; a < 1000; a++) {
      for (let t = 0; t < 400; t++) {
        metrics.recordCall({
          timeMs: 0,
          agentId: `agent-${a}`,
          tool: `tool-${t}`,
          decision: 'allow',
          source: 'default',
          blocked: false,
          error: false,
          durationMs: 1,
        });
      }
    }
    const text = await metrics.text();
    const series = text.split('\n').filter((l) => l.startsWith('agc_tool_calls_total{'));
    expect(series.length).toBeLessThanOrEqual(10_001);
    expect(text.length).toBeLessThan(20_000_000);
    // Nothing is lost: every call is in some series, the folded ones under _other.
    expect(sumOf(text, 'agc_tool_calls_total')).toBe(400_000);
    expect(text).toContain('agc_tool_calls_total{agent="_other",tool="_other",decision="allow"');
    expect(sumOf(text, 'agc_metric_series_folded_total')).toBeGreaterThan(0);
  }, 60_000);
});
