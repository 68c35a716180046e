import { describe, expect, it } from 'vitest';
import { MEASURE_DEFAULTS, classifyDistribution } from '../../gate/index.js';
import type { GateMetricConfig, MetricResult } from '../../gate/index.js';

const LEVEL = { alpha: 0.02, critical: 0.001 / 7 };
const metric = (overrides: Partial<GateMetricConfig> = {}): GateMetricConfig => ({
  name: 'latency',
  measure: 'tool_latency',
  group: 'latency',
  ...MEASURE_DEFAULTS.tool_latency,
  ...overrides,
});
const samples = (values: number[]) => ({ kind: 'samples' as const, values });
/** n evenly spaced values with median exactly 50. */
const even = (n: number): number[] =>
  Array.from({ length: n }, (_, i) => ((i + 1) * 100) / (n + 1));
const judge = (
  baseline: number[],
  canary: number[],
  overrides: Partial<GateMetricConfig> = {},
): MetricResult =>
  classifyDistribution(metric(overrides), samples(baseline), samples(canary), LEVEL);

describe('classifyDistribution (samples)', () => {
  const base = even(399);

  it('a pure shift: Hodges-Lehmann recovers it and the effect is 1 + shift/median', () => {
    const r = judge(
      base,
      base.map((v) => v + 10),
    );
    expect(r.delta).toBeCloseTo(10, 9);
    expect(r.effect).toBeCloseTo(1.2, 9);
    expect(r.baseline?.value).toBeCloseTo(50, 9);
    expect(r.interval?.lower).toBeGreaterThan(0.25 * 10);
    expect(r.classification).toBe('high');
    expect(r.criticalFailure).toBe(false);
    expect(r.test).toBe('mann-whitney-normal');
  });

  it.each<[string, number, Partial<GateMetricConfig>, string, boolean, RegExp]>([
    ['identical', 0, {}, 'pass', false, /no significant increase/],
    [
      '+30 ms on a 50 ms median: ×1.6, critical',
      30,
      {},
      'high',
      true,
      /at or beyond the critical ×1\.50/,
    ],
    ['+30 ms, metric not critical', 30, { critical: false }, 'high', false, /: increase$/],
    ['faster is fine by default', -20, {}, 'pass', false, /only an increase counts/],
    [
      'direction either: −20 ms (×0.6) is low, not critical at ×0.5',
      -20,
      { direction: 'either' },
      'low',
      false,
      /: decrease$/,
    ],
    [
      'direction either: −30 ms, critical at ×0.6',
      -30,
      { direction: 'either', criticalDecrease: 0.6, allowedDecrease: 0.9 },
      'low',
      true,
      /critical ×0\.60/,
    ],
  ])('%s', (_name, shift, overrides, classification, critical, reason) => {
    const r = judge(
      base,
      base.map((v) => v + shift),
      overrides,
    );
    expect(r.classification).toBe(classification);
    expect(r.criticalFailure).toBe(critical);
    expect(r.reason).toMatch(reason);
  });

  it('significant but within the allowed ratio', () => {
    const big = even(1999);
    const r = judge(
      big,
      big.map((v) => v + 4),
    );
    expect(r.pValue).toBeLessThan(0.02);
    expect(r.effect).toBeCloseTo(1.08, 9);
    expect(r.classification).toBe('pass');
    expect(r.reason).toMatch(/within the allowed ×1\.10/);
  });

  it('below the absolute floor (ms)', () => {
    const small = base.map((v) => v / 100);
    const r = judge(
      small,
      small.map((v) => v + 0.5),
    );
    expect(r.effect).toBeCloseTo(2, 9);
    expect(r.classification).toBe('pass');
    expect(r.reason).toMatch(/below the 1 ms floor/);
  });

  it('too few observations', () => {
    const r = judge(even(150), even(400));
    expect(r.classification).toBe('nodata');
    expect(r.reason).toMatch(/baseline 150, canary 400 observations; 200 needed/);
  });

  it('nothing recorded in either arm: skipped unless the metric must have data', () => {
    expect(judge([], [], { mustHaveData: false }).classification).toBe('skipped');
    expect(judge([], [], { mustHaveData: true }).classification).toBe('nodata');
  });

  it('a zero baseline median: any increase is unbounded, none is ×1', () => {
    const zeros = Array.from({ length: 300 }, () => 0);
    // Differences are 0 or 5, half each: shift (0 + 5)/2.
    const r = judge(
      zeros,
      zeros.map((_, i) => (i % 2 === 0 ? 0 : 5)),
      { minAbsDelta: 0 },
    );
    expect(r.baseline?.value).toBe(0);
    expect(r.delta).toBe(2.5);
    expect(r.effect).toBe(Infinity);
    expect(judge(zeros, zeros).effect).toBe(1);
  });

  it('arms measured differently are skipped', () => {
    const r = classifyDistribution(
      metric(),
      samples(base),
      { kind: 'histogram', bounds: [10, Infinity], counts: [1, 1] },
      LEVEL,
    );
    expect(r.classification).toBe('skipped');
  });
});

describe('classifyDistribution (Prometheus histograms)', () => {
  const bounds = [10, 20, 40, 80, Infinity];
  const histogram = (counts: number[]) => ({ kind: 'histogram' as const, bounds, counts });

  it('median from the buckets, Mann-Whitney on the bucket counts', () => {
    // Baseline median: rank 200 of 400 falls in (20, 40]: 20 + 20·(200 − 100)/200 = 30.
    // Canary median: rank 200 of 400 in (40, 80]: 40 + 40·(200 − 120)/200 = 56 → ×1.867.
    const r = classifyDistribution(
      metric(),
      histogram([0, 100, 200, 100, 0]),
      histogram([0, 20, 100, 200, 80]),
      LEVEL,
    );
    expect(r.baseline).toEqual({ n: 400, value: 30 });
    expect(r.canary).toEqual({ n: 400, value: 56 });
    expect(r.effect).toBeCloseTo(56 / 30, 12);
    expect(r.delta).toBe(26);
    expect(r.interval).toBeUndefined();
    expect(r.classification).toBe('high');
    expect(r.criticalFailure).toBe(true);
  });

  it('the same histogram passes', () => {
    const h = histogram([5, 100, 200, 90, 5]);
    expect(classifyDistribution(metric(), h, h, LEVEL).classification).toBe('pass');
  });
});
