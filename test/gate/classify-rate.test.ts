import { describe, expect, it } from 'vitest';
import { MEASURE_DEFAULTS, classifyRate } from '../../gate/index.js';
import type { GateMetricConfig, MetricResult } from '../../gate/index.js';

const LEVEL = { alpha: 0.02, critical: 0.001 / 7 };
const metric = (overrides: Partial<GateMetricConfig> = {}): GateMetricConfig => ({
  name: 'errors',
  measure: 'tool_error_rate',
  group: 'reliability',
  ...MEASURE_DEFAULTS.tool_error_rate,
  ...overrides,
});
const rate = (events: number, trials: number) => ({ kind: 'rate' as const, events, trials });
const judge = (
  baseline: [number, number],
  canary: [number, number],
  overrides: Partial<GateMetricConfig> = {},
): MetricResult => classifyRate(metric(overrides), rate(...baseline), rate(...canary), LEVEL);

describe('classifyRate', () => {
  it.each<
    [string, [number, number], [number, number], Partial<GateMetricConfig>, string, boolean, RegExp]
  >([
    // name, baseline, canary, overrides, class, critical, reason
    [
      'too few calls',
      [2, 100],
      [3, 300],
      {},
      'nodata',
      false,
      /baseline 100, canary 300 calls; 200 needed/,
    ],
    [
      'no calls, data optional',
      [0, 0],
      [0, 0],
      { mustHaveData: false },
      'skipped',
      false,
      /no calls/,
    ],
    ['no calls, data required', [0, 0], [0, 0], {}, 'nodata', false, /not enough data/],
    ['same rate', [20, 1000], [22, 1000], {}, 'pass', false, /no significant increase/],
    // z p = 0.0044; r = (0.04 + 0.0005)/(0.02 + 0.0005) = 1.976 < 2.
    [
      'significant, below the critical ratio',
      [20, 1000],
      [40, 1000],
      {},
      'high',
      false,
      /×1\.98.*: increase$/,
    ],
    [
      'far past the critical ratio',
      [20, 1000],
      [80, 1000],
      {},
      'high',
      true,
      /at or beyond the critical ×2\.00/,
    ],
    // z = 2.138, p = 0.016 < alpha but above the critical level; r = 2.14.
    [
      'past the critical ratio without critical evidence',
      [10, 1000],
      [22, 1000],
      {},
      'high',
      false,
      /past the critical ×2\.00, but not below the critical level/,
    ],
    // z = 3.47 but r = 1.10 < 1.25.
    [
      'significant but small',
      [2000, 10_000],
      [2200, 10_000],
      {},
      'pass',
      false,
      /within the allowed ×1\.25/,
    ],
    // r ≈ 10 but Δ = 0.009 points < 0.2.
    [
      'below the absolute floor',
      [1, 100_000],
      [10, 100_000],
      {},
      'pass',
      false,
      /below the 0\.20% floor/,
    ],
    [
      'a drop is fine by default',
      [40, 1000],
      [10, 1000],
      {},
      'pass',
      false,
      /only an increase counts/,
    ],
    [
      'direction decrease: a rise is fine',
      [10, 1000],
      [40, 1000],
      { direction: 'decrease' },
      'pass',
      false,
      /only a decrease counts/,
    ],
    [
      'direction decrease: a drop is low',
      [40, 1000],
      [10, 1000],
      { direction: 'decrease', critical: false },
      'low',
      false,
      /: decrease$/,
    ],
    // z = −5.28: far below both levels; r = 0.136 <= 0.5.
    [
      'direction either: a collapse is critical',
      [40, 1000],
      [5, 1000],
      { direction: 'either' },
      'low',
      true,
      /at or beyond the critical ×0\.50/,
    ],
  ])('%s', (_name, baseline, canary, overrides, classification, critical, reason) => {
    const r = judge(baseline, canary, overrides);
    expect(r.classification).toBe(classification);
    expect(r.criticalFailure).toBe(critical);
    expect(r.reason).toMatch(reason);
  });

  it('reports proportions, effect, delta and the test used', () => {
    const r = judge([20, 1000], [40, 1000]);
    expect(r.baseline).toEqual({ n: 1000, value: 0.02 });
    expect(r.canary).toEqual({ n: 1000, value: 0.04 });
    expect(r.effect).toBeCloseTo(0.0405 / 0.0205, 12);
    expect(r.delta).toBeCloseTo(0.02, 15);
    expect(r.test).toBe('z');
    expect(r.pValue).toBeCloseTo(0.0043757, 6);
  });

  it('uses the exact test when an expected cell is below 5 (auto)', () => {
    // Expected canary events 300·0.01 = 3: Fisher. P(X >= 6) = ∏_{i<6} (300 − i)/(600 − i).
    let p = 1;
    for (let i = 0; i < 6; i++) p *= (300 - i) / (600 - i);
    const r = judge([0, 300], [6, 300]);
    expect(r.test).toBe('fisher');
    expect(r.pValue).toBeCloseTo(p, 12);
    expect(r.classification).toBe('high');
    // r = (0.02 + 1/600)/(1/600) = 13, but p = 0.0153 is not critical evidence.
    expect(r.effect).toBeCloseTo(13, 9);
    expect(r.criticalFailure).toBe(false);
  });

  it('test can be forced', () => {
    expect(judge([20, 1000], [40, 1000], { test: 'fisher' }).test).toBe('fisher');
    expect(judge([0, 300], [6, 300], { test: 'z' }).test).toBe('z');
  });

  it('a baseline with no errors does not make any canary error a regression', () => {
    // 0 vs 1 of 1000: not significant.
    expect(judge([0, 1000], [1, 1000]).classification).toBe('pass');
  });
});
