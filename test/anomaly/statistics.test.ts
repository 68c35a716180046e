import { describe, expect, it } from 'vitest';
import {
  flooredSigma,
  jensenShannonDivergence,
  jsdSamplingBias,
  leaveOneOutZ,
  meanStats,
  robustStats,
  shannonEntropy,
  zScore,
} from '../../anomaly/index.js';

describe('meanStats (mean, population σ as PromQL stddev_over_time)', () => {
  it.each([
    { values: [10, 10, 10, 10], mean: 10, sigma: 0 },
    { values: [8, 12], mean: 10, sigma: 2 },
    { values: [2, 4, 4, 4, 5, 5, 7, 9], mean: 5, sigma: 2 },
    { values: [1, 2, 3, 4], mean: 2.5, sigma: Math.sqrt(1.25) },
    { values: [7], mean: 7, sigma: 0 },
  ])('$values → mean $mean, σ $sigma', ({ values, mean, sigma }) => {
    const stats = meanStats(values);
    expect(stats.n).toBe(values.length);
    expect(stats.center).toBe(mean);
    expect(stats.sigma).toBeCloseTo(sigma, 12);
  });
});

describe('robustStats (median, 1.4826 × MAD, meanAD fallback)', () => {
  it.each([
    // median 5, |x − 5| = 4 3 1 0 1 2 95 → MAD 2
    { values: [1, 2, 4, 5, 6, 7, 100], median: 5, sigma: 1.4826 * 2 },
    // median 10, deviations 0 0 0 0 2 → MAD 0 → 1.253314 × mean(0.4)
    { values: [10, 10, 10, 10, 12], median: 10, sigma: 1.253314 * 0.4 },
    { values: [3, 3, 3], median: 3, sigma: 0 },
    { values: [1, 3], median: 2, sigma: 1.4826 },
  ])('$values → median $median, σ̂ $sigma', ({ values, median, sigma }) => {
    const stats = robustStats(values);
    expect(stats.center).toBe(median);
    expect(stats.sigma).toBeCloseTo(sigma, 12);
  });

  it('is not moved by one outlier, unlike the mean', () => {
    const base = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10];
    expect(robustStats([...base, 1000]).center).toBe(10);
    expect(meanStats([...base, 1000]).center).toBeCloseTo(100, 0);
  });
});

describe('flooredSigma and zScore', () => {
  it.each([
    { sigma: 3, center: 10, floor: 2, ratio: 0.2, expected: 3 },
    { sigma: 0, center: 10, floor: 2, ratio: 0.2, expected: 2 },
    { sigma: 0.5, center: 100, floor: 2, ratio: 0.2, expected: 20 },
    { sigma: 0, center: 0, floor: 2, ratio: 0.2, expected: 2 },
    { sigma: 0, center: -50, floor: 1, ratio: 0.1, expected: 5 },
  ])('max($sigma, $floor, $ratio × |$center|) = $expected', (c) => {
    expect(flooredSigma(c.sigma, c.center, c.floor, c.ratio)).toBe(c.expected);
  });

  it.each([
    { x: 16, values: [8, 12], floor: 1, ratio: 0, z: 3 },
    { x: 16, values: [8, 12], floor: 3, ratio: 0, z: 2 },
    { x: 4, values: [8, 12], floor: 1, ratio: 0, z: -3 },
    { x: 30, values: [10, 10, 10], floor: 2, ratio: 0.2, z: 10 },
  ])('z($x | $values, floor $floor, ratio $ratio) = $z', ({ x, values, floor, ratio, z }) => {
    expect(zScore(x, meanStats(values), floor, ratio)).toBe(z);
  });
});

describe('leave-one-out z: the anchor self-inclusion bug is fixed', () => {
  // The anchor's z: population σ computed with the point itself included.
  const anchorZ = (values: number[], index: number): number => {
    const stats = meanStats(values);
    return stats.sigma === 0 ? 0 : Math.abs((values[index] as number) - stats.center) / stats.sigma;
  };
  const flat = (last: number): number[] => [...Array<number>(19).fill(100), last];

  it('the anchor caps z at √(n−1): 101 and 1 000 000 both score 4.36 after 19 × 100', () => {
    expect(anchorZ(flat(101), 19)).toBeCloseTo(Math.sqrt(19), 12);
    expect(anchorZ(flat(1_000_000), 19)).toBeCloseTo(Math.sqrt(19), 9);
  });

  it('ours: a tiny deviation does not page (σ floor); a huge one is huge', () => {
    // Baseline: 19 × 100, σ = 0 → σ_eff = max(0, 2, 0.2 × 100) = 20.
    expect(leaveOneOutZ(flat(101), 19, 2, 0.2)).toBe(0.05);
    expect(leaveOneOutZ(flat(1_000_000), 19, 2, 0.2)).toBe(49_995);
  });

  it('never includes the scored point in its own baseline', () => {
    // Without the 40: mean 10, σ 2 → z = 15; with it included the anchor gives 1.98.
    const values = [8, 12, 8, 12, 40];
    expect(leaveOneOutZ(values, 4, 0.001, 0)).toBe(15);
    expect(anchorZ(values, 4)).toBeLessThan(3);
  });
});

describe('shannonEntropy (bits)', () => {
  it.each([
    { counts: [5], h: 0 },
    { counts: [1, 1], h: 1 },
    { counts: [2, 2, 2, 2], h: 2 },
    { counts: [3, 1], h: -(0.75 * Math.log2(0.75) + 0.25 * Math.log2(0.25)) },
    { counts: [0, 4, 0, 4], h: 1 },
    { counts: [], h: 0 },
  ])('$counts → $h', ({ counts, h }) => {
    expect(shannonEntropy(counts)).toBeCloseTo(h, 12);
  });
});

describe('jensenShannonDivergence (bits, in [0, 1])', () => {
  it.each([
    { p: [1, 2, 3], q: [2, 4, 6], jsd: 0 },
    { p: [1, 0], q: [0, 1], jsd: 1 },
    // m = (0.75, 0.25): ½·log2(4/3) + ½·(½·log2(2/3) + ½·log2 2)
    { p: [1, 0], q: [1, 1], jsd: 0.5 * Math.log2(4 / 3) + 0.5 * (0.5 * Math.log2(2 / 3) + 0.5) },
    { p: [5, 0, 0], q: [0, 3, 3], jsd: 1 },
  ])('JSD($p, $q) = $jsd', ({ p, q, jsd }) => {
    expect(jensenShannonDivergence(p, q)).toBeCloseTo(jsd, 12);
    expect(jensenShannonDivergence(q, p)).toBeCloseTo(jsd, 12);
  });

  it('sampling bias is (k − 1) / (8 N ln 2)', () => {
    expect(jsdSamplingBias(1, 50)).toBe(0);
    expect(jsdSamplingBias(5, 50)).toBeCloseTo(4 / (400 * Math.LN2), 15);
    expect(jsdSamplingBias(9, 100)).toBeCloseTo(8 / (800 * Math.LN2), 15);
  });
});
