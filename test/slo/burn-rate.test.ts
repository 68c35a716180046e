import { describe, expect, it } from 'vitest';
import {
  budgetRemaining,
  burnRate,
  errorRatio,
  tierFires,
  timeToExhaustionMs,
} from '../../slo/burn-rate.js';
import type { BurnWindow } from '../../slo/types.js';

const DAY = 86_400_000;
const PAGE_1H: BurnWindow = {
  severity: 'page',
  longMs: 3_600_000,
  shortMs: 300_000,
  budgetPercent: 2,
  factor: 14.4,
  minEvents: 42,
};

describe('burn rate and budget', () => {
  // [bad, events, budget, error ratio, burn rate, budget remaining]
  it.each([
    // The incumbent's counterexample: it reports EXHAUSTED and burn 518 400.
    [1, 1000, 0.005, 0.001, 0.2, 0.8],
    [0, 1000, 0.005, 0, 0, 1],
    [5, 1000, 0.005, 0.005, 1, 0],
    [10, 1000, 0.005, 0.01, 2, -1],
    [1, 1000, 0.001, 0.001, 1, 0],
    [144, 10_000, 0.001, 0.0144, 14.4, -13.4],
    [3, 100, 0.01, 0.03, 3, -2],
    [1, 4, 0.02, 0.25, 12.5, -11.5],
  ])('%d bad of %d at budget %d', (bad, events, budget, ratio, burn, remaining) => {
    expect(errorRatio(bad, events)).toBeCloseTo(ratio, 15);
    expect(burnRate(errorRatio(bad, events), budget)).toBeCloseTo(burn, 12);
    expect(budgetRemaining(bad, events, budget)).toBeCloseTo(remaining, 12);
  });

  it('an empty window has no ratio (NaN), and the whole budget left', () => {
    expect(errorRatio(0, 0)).toBeNaN();
    expect(burnRate(errorRatio(0, 0), 0.001)).toBeNaN();
    expect(budgetRemaining(0, 0, 0.001)).toBe(1);
  });

  it('long windows are ratios of sums: uneven traffic is weighted by events, not by bucket', () => {
    // Two 5-minute buckets: 1/1 bad and 0/999. Average of ratios = 50 %; ratio of sums = 0.1 %.
    const buckets = [
      { bad: 1, events: 1 },
      { bad: 0, events: 999 },
    ];
    const sum = buckets.reduce((a, b) => ({ bad: a.bad + b.bad, events: a.events + b.events }));
    expect(errorRatio(sum.bad, sum.events)).toBe(0.001);
  });
});

describe('time to exhaustion', () => {
  it.each([
    // remaining, burn, period → ms
    [1, 14.4, 30 * DAY, 50 * 3_600_000],
    [1, 1, 30 * DAY, 30 * DAY],
    [0.5, 2, 30 * DAY, 7.5 * DAY],
    [0.8, 0.2, 30 * DAY, 120 * DAY],
    [0, 5, 30 * DAY, 0],
    [-1, 5, 30 * DAY, 0],
    [0.8, 0, 30 * DAY, Infinity],
    [0.8, Number.NaN, 30 * DAY, Infinity],
  ])('%d left at burn %d → %d ms', (remaining, burn, period, ms) => {
    expect(timeToExhaustionMs(remaining, burn, period)).toBeCloseTo(ms, 3);
  });
});

describe('tierFires', () => {
  const budget = 0.005; // threshold 14.4 × 0.005 = 0.072
  it.each([
    ['both windows burn, enough events', 0.1, 0.1, 42, true],
    ['long window below threshold', 0.07, 0.5, 1000, false],
    ['short window below threshold (burn over)', 0.5, 0.07, 1000, false],
    ['exactly at threshold is not above', 14.4 * budget, 0.5, 1000, false],
    ['too few events: the guard holds', 0.5, 0.5, 41, false],
    ['empty short window (NaN) never fires', 0.5, Number.NaN, 1000, false],
  ])('%s', (_name, long, short, events, fires) => {
    expect(tierFires(PAGE_1H, budget, long, short, events)).toBe(fires);
  });
});
