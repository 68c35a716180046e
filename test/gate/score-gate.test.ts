import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_CONFIG, MEASURE_DEFAULTS, classifySlo, scoreGate } from '../../gate/index.js';
import type { GateMetricConfig, MetricClassification, MetricResult } from '../../gate/index.js';

/** Default metric names by group: reliability 5 (weight 40), latency 2 (30), cost 2 (30). */
const NAMES = DEFAULT_GATE_CONFIG.groups.flatMap((g) =>
  g.metrics.map((m) => [m.name, g.name] as const),
);

/** Results for every default metric: pass unless listed. */
function results(
  overrides: Record<string, MetricClassification | 'critical'> = {},
): MetricResult[] {
  return NAMES.map(([name, group]) => {
    const c = overrides[name] ?? 'pass';
    return {
      name,
      group,
      measure: 'run_cost',
      classification: c === 'critical' ? 'high' : c,
      criticalFailure: c === 'critical',
      reason: '',
    };
  });
}

describe('scoreGate', () => {
  it.each<[string, Record<string, MetricClassification | 'critical'>, string, number | null]>([
    ['everything passes', {}, 'pass', 100],
    // reliability 4/5 = 80: 0.4·80 + 0.3·100 + 0.3·100 = 92.
    ['one regression in a big group: marginal', { anomaly_rate: 'high' }, 'marginal', 92],
    // latency 0/2: 0.4·100 + 0 + 0.3·100 = 70 < 75.
    [
      'both latency metrics regress: fail',
      { tool_latency: 'high', run_latency: 'high' },
      'fail',
      70,
    ],
    ['a critical failure: fail with score 0', { tool_error_rate: 'critical' }, 'fail', 0],
    [
      'not enough data is inconclusive, never a pass',
      { run_latency: 'nodata' },
      'inconclusive',
      100,
    ],
    [
      'not enough data does not hide a failing score',
      { run_latency: 'nodata', tool_latency: 'high', run_tokens: 'high', run_cost: 'high' },
      'fail',
      40,
    ],
    // cost has nothing judged: weights renormalised, (0.4·100 + 0.3·50)/0.7 = 78.57.
    [
      'a group with nothing judged is left out of the weights',
      { run_tokens: 'skipped', run_cost: 'skipped', run_latency: 'low' },
      'marginal',
      78.57,
    ],
    [
      'skipped metrics are not missing data',
      { run_tokens: 'skipped', run_cost: 'skipped' },
      'pass',
      100,
    ],
  ])('%s', (_name, overrides, verdict, score) => {
    const r = scoreGate(DEFAULT_GATE_CONFIG, results(overrides));
    expect(r.verdict).toBe(verdict);
    expect(r.score).toBe(score);
  });

  it('nothing judged at all is inconclusive with no score', () => {
    const all = Object.fromEntries(NAMES.map(([n]) => [n, 'nodata' as const]));
    const r = scoreGate(DEFAULT_GATE_CONFIG, results(all));
    expect(r.verdict).toBe('inconclusive');
    expect(r.score).toBeNull();
  });

  it('group tallies and scores', () => {
    const r = scoreGate(
      DEFAULT_GATE_CONFIG,
      results({ anomaly_rate: 'high', slo_burn: 'skipped' }),
    );
    expect(r.groups[0]).toEqual({
      name: 'reliability',
      weight: 40,
      score: 75,
      pass: 3,
      high: 1,
      low: 0,
      nodata: 0,
      skipped: 1,
    });
    expect(r.reason).toMatch(/anomaly_rate regressed/);
  });

  it('names what decided', () => {
    expect(scoreGate(DEFAULT_GATE_CONFIG, results({ tool_error_rate: 'critical' })).reason).toBe(
      'critical regression: tool_error_rate',
    );
    expect(scoreGate(DEFAULT_GATE_CONFIG, results({ run_latency: 'nodata' })).reason).toBe(
      'not enough data for run_latency',
    );
  });
});

describe('classifySlo', () => {
  const metric: GateMetricConfig = {
    name: 'slo_burn',
    measure: 'slo_burn',
    group: 'reliability',
    ...MEASURE_DEFAULTS.slo_burn,
  };
  const slo = (paging: boolean, events = 500, burnRate = paging ? 20 : 1) => ({
    kind: 'slo' as const,
    findings: [{ slo: 'tool-success', paging, events, burnRate }],
  });

  it('the canary alone paging is a critical failure, whatever the baseline did', () => {
    const r = classifySlo(metric, slo(true), slo(true));
    expect(r.classification).toBe('high');
    expect(r.criticalFailure).toBe(true);
    expect(r.reason).toBe("the canary alone would page on SLO 'tool-success' (burn 20.0x)");
    expect(classifySlo({ ...metric, critical: false }, undefined, slo(true)).criticalFailure).toBe(
      false,
    );
  });

  it('not paging passes and reports the burn', () => {
    const r = classifySlo(metric, slo(true), slo(false, 500, 2.5));
    expect(r.classification).toBe('pass');
    expect(r.canary).toEqual({ n: 500, value: 2.5 });
    expect(r.baseline).toEqual({ n: 500, value: 20 });
  });

  it('no computable SLO, or no events: skipped (or nodata when data is required)', () => {
    const none = { kind: 'slo' as const, findings: [] };
    expect(classifySlo(metric, none, none).classification).toBe('skipped');
    expect(classifySlo({ ...metric, mustHaveData: true }, none, none).classification).toBe(
      'nodata',
    );
    expect(classifySlo(metric, undefined, slo(false, 0, Number.NaN)).classification).toBe(
      'skipped',
    );
    expect(classifySlo({ ...metric, minSamples: 1000 }, undefined, slo(false)).classification).toBe(
      'nodata',
    );
  });
});
