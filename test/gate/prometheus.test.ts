import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_GATE_CONFIG,
  PrometheusClient,
  gatePrometheus,
  loadGateSlos,
  measurePrometheus,
  parseSelector,
} from '../../gate/index.js';
import { startLiveArms } from './support/live-arms.js';
import type { LiveSetup } from './support/live-arms.js';

describe('Prometheus mode against a real Prometheus scraping real endpoints', () => {
  let live: LiveSetup | undefined;
  const slos = loadGateSlos([]);
  const url = (): string => live?.prometheus.url ?? '';

  beforeAll(async () => {
    live = await startLiveArms([
      { name: 'baseline', errorRate: 0.02, seed: 1 },
      { name: 'canary-bad', errorRate: 0.1, seed: 2 },
      { name: 'canary-good', errorRate: 0.02, seed: 3 },
    ]);
  }, 90_000);

  afterAll(async () => {
    await live?.stop();
  });

  const select = (arm: string) => parseSelector(`{arm="${arm}"}`);

  it('measures each arm through the HTTP API, matching what was sent', async () => {
    const client = new PrometheusClient(url());
    const time = Date.now() / 1000;
    for (const arm of live?.arms ?? []) {
      const m = await measurePrometheus(
        DEFAULT_GATE_CONFIG,
        slos,
        { label: arm.spec.name, matchers: select(arm.spec.name) },
        { client, window: '5m', time },
      );
      const errors = m.measurements.get('tool_error_rate');
      expect(errors?.kind).toBe('rate');
      if (errors?.kind !== 'rate') return;
      // increase() extrapolates towards the window's end (by up to half a scrape interval of the
      // average rate), so counts are near, not equal; the ratio is what the gate judges.
      // On a loaded machine scrapes stretch and the extrapolation grows: allow 20 %.
      expect(m.calls).toBeGreaterThan(arm.sent * 0.8);
      expect(m.calls).toBeLessThan(arm.sent * 1.2);
      expect(errors.events / errors.trials).toBeCloseTo(arm.errors / arm.ran, 2);
      const latency = m.measurements.get('tool_latency');
      expect(latency?.kind).toBe('histogram');
      expect(m.measurements.get('run_latency')?.kind).toBe('unavailable');
      expect(m.measurements.get('anomaly_rate')?.kind).toBe('unavailable');
    }
  });

  it('a planted error-rate regression fails the gate', async () => {
    const report = await gatePrometheus(DEFAULT_GATE_CONFIG, slos, {
      prometheus: url(),
      baseline: select('baseline'),
      canary: select('canary-bad'),
      window: '5m',
    });
    expect(report.verdict, report.reason).toBe('fail');
    expect(report.exitCode).toBe(1);
    const errors = report.metrics.find((m) => m.name === 'tool_error_rate');
    expect(errors?.classification).toBe('high');
    expect(errors?.criticalFailure).toBe(true);
    expect(report.metrics.find((m) => m.name === 'slo_burn')?.classification).toBe('high');
    expect(report.canary.label).toBe('{arm="canary-bad"}');
  });

  it('the same behaviour passes; what metrics cannot show is skipped', async () => {
    const report = await gatePrometheus(DEFAULT_GATE_CONFIG, slos, {
      prometheus: url(),
      baseline: select('baseline'),
      canary: select('canary-good'),
      window: '5m',
    });
    expect(report.verdict, report.reason).toBe('pass');
    const byName = Object.fromEntries(report.metrics.map((m) => [m.name, m.classification]));
    expect(byName).toMatchObject({
      tool_error_rate: 'pass',
      policy_deny_rate: 'pass',
      tool_latency: 'pass',
      slo_burn: 'pass',
      anomaly_rate: 'skipped',
      run_latency: 'skipped',
      run_tokens: 'skipped',
    });
  });

  it('an arm with no series is not enough data', async () => {
    const report = await gatePrometheus(DEFAULT_GATE_CONFIG, slos, {
      prometheus: url(),
      baseline: select('baseline'),
      canary: select('nobody'),
      window: '5m',
    });
    expect(report.verdict).toBe('inconclusive');
  });

  it('a query error names the query', async () => {
    const client = new PrometheusClient(url());
    await expect(client.query('sum(')).rejects.toThrow(
      /prometheus query failed: HTTP 400: bad_data: .*\(query: sum\(\)/,
    );
  });
});
