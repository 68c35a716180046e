import { describe, expect, it } from 'vitest';
import { fisherExact } from '../../gate/stats/fisher-exact.js';

describe('fisherExact', () => {
  it("Fisher's lady tasting tea: 3 of 4 right, p = 17/70", () => {
    // P(X >= 3) with X ~ Hypergeometric(8 cups, 4 milk-first, 4 chosen)
    // = (C(4,3)·C(4,1) + C(4,4)·C(4,0)) / C(8,4) = 17/70.
    const r = fisherExact(3, 4, 1, 4);
    expect(r.pGreater).toBeCloseTo(17 / 70, 12);
    expect(r.pLess).toBeCloseTo(69 / 70, 12);
    expect(fisherExact(4, 4, 0, 4).pGreater).toBeCloseTo(1 / 70, 12);
  });

  it('is symmetric in the arms', () => {
    const a = fisherExact(1, 4, 3, 4);
    expect(a.pLess).toBeCloseTo(17 / 70, 12);
    expect(a.pGreater).toBeCloseTo(69 / 70, 12);
  });

  it('hand-computed: 2 of 2 against 0 of 2 is 1/6', () => {
    expect(fisherExact(2, 2, 0, 2).pGreater).toBeCloseTo(1 / 6, 12);
  });

  it('far tails: 0 of 100000 against 500 of 100000', () => {
    // P(X = 0) = ∏_{i<500} (100000 − i)/(200000 − i): the whole lower tail.
    let log = 0;
    for (let i = 0; i < 500; i++) log += Math.log((100_000 - i) / (200_000 - i));
    const r = fisherExact(0, 100_000, 500, 100_000);
    expect(r.pLess / Math.exp(log)).toBeCloseTo(1, 9);
    expect(r.pGreater).toBe(1);
  });

  it('baseline without events: a handful of canary events is significant', () => {
    // P(X >= 6) when 6 events fall among 200 + 200 trials: C(200,6)/C(400,6) ≈ 0.0152.
    let p = 1;
    for (let i = 0; i < 6; i++) p *= (200 - i) / (400 - i);
    expect(fisherExact(6, 200, 0, 200).pGreater).toBeCloseTo(p, 12);
  });

  it('rejects counts that are not a 2×2 table', () => {
    expect(() => fisherExact(1.5, 4, 1, 4)).toThrow(RangeError);
    expect(() => fisherExact(5, 4, 1, 4)).toThrow(/more events than trials/);
    expect(() => fisherExact(-1, 4, 1, 4)).toThrow(RangeError);
  });
});
