import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../common/index.js';
import {
  GOOGLE_28D,
  GOOGLE_30D,
  autoMinEvents,
  burnFactor,
  defaultWindowSet,
  resolveBurnWindows,
} from '../../slo/index.js';

const DAY = 86_400_000;

describe('Google SRE workbook window sets', () => {
  it('30d: page 14.4x over 1h/5m and 6x over 6h/30m; ticket 3x over 1d/2h and 1x over 3d/6h', () => {
    const windows = resolveBurnWindows(GOOGLE_30D.tiers, 30 * DAY, 0.001);
    expect(windows.map((w) => [w.severity, w.factor, w.longMs, w.shortMs])).toEqual([
      ['page', 14.4, 3_600_000, 300_000],
      ['page', 6, 21_600_000, 1_800_000],
      ['ticket', 3, 86_400_000, 7_200_000],
      ['ticket', 1, 259_200_000, 21_600_000],
    ]);
  });

  it('28d: the same budget shares give 13.44, 5.6, 2.8 and 0.9333…', () => {
    const windows = resolveBurnWindows(GOOGLE_28D.tiers, 28 * DAY, 0.001);
    expect(windows.map((w) => w.factor)).toEqual([13.44, 5.6, 2.8, (10 * 28 * 24) / 72 / 100]);
  });

  it('the short window is 1/12 of the long one in every built-in tier', () => {
    for (const tier of [...GOOGLE_30D.tiers, ...GOOGLE_28D.tiers]) {
      expect((parseDuration(tier.long) ?? 0) / (parseDuration(tier.short) ?? 1)).toBe(12);
    }
  });

  it.each([
    // factor, period → budget exhausted after period / factor
    [14.4, 30, 50 * 3_600_000],
    [6, 30, 5 * DAY],
    [3, 30, 10 * DAY],
    [1, 30, 30 * DAY],
  ])('at %dx a %dd budget lasts %d ms', (factor, days, ms) => {
    expect((days * DAY) / factor).toBe(ms);
  });

  it('picks the set by period', () => {
    expect(defaultWindowSet(30 * DAY)?.name).toBe('google-30d');
    expect(defaultWindowSet(28 * DAY)?.name).toBe('google-28d');
    expect(defaultWindowSet(7 * DAY)).toBeUndefined();
  });

  it.each([
    [2, 30 * DAY, 3_600_000, 14.4],
    [5, 30 * DAY, 21_600_000, 6],
    [10, 30 * DAY, DAY, 3],
    [10, 30 * DAY, 3 * DAY, 1],
  ])('burnFactor(%d%%, period, long) = %d', (percent, period, long, factor) => {
    expect(burnFactor(percent, period, long)).toBe(factor);
  });
});

describe('minimum-events guard default', () => {
  // ceil(3 / (factor × budget)): the fewest events at which 3 bad events alone stay at or below
  // the threshold; with fewer events, 3 (or fewer) bad events could page.
  it.each([
    [14.4, 0.001, 209],
    [6, 0.001, 500],
    [3, 0.001, 1000],
    [1, 0.001, 3000],
    [14.4, 0.005, 42],
    [6, 0.005, 100],
    [14.4, 0.01, 21],
    [1, 0.02, 150],
  ])('factor %d, budget %d → %d events', (factor, budget, events) => {
    expect(autoMinEvents(factor, budget)).toBe(events);
  });

  it('is the fewest events at which 3 bad events do not cross the threshold', () => {
    for (const [factor, budget] of [
      [14.4, 0.001],
      [6, 0.005],
      [3, 0.01],
    ] as const) {
      const n = autoMinEvents(factor, budget);
      const threshold = factor * budget;
      expect(3 / n).toBeLessThanOrEqual(threshold);
      expect(3 / (n - 1)).toBeGreaterThan(threshold);
    }
  });

  it('an explicit minEvents overrides the default in every tier', () => {
    const windows = resolveBurnWindows(GOOGLE_30D.tiers, 30 * DAY, 0.001, 10);
    expect(windows.map((w) => w.minEvents)).toEqual([10, 10, 10, 10]);
  });

  it('keeps only the requested severities', () => {
    const windows = resolveBurnWindows(GOOGLE_30D.tiers, 30 * DAY, 0.001, undefined, ['ticket']);
    expect(windows.map((w) => w.severity)).toEqual(['ticket', 'ticket']);
  });
});
