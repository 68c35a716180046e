import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hodgesLehmann, kthDifference } from '../../gate/stats/hodges-lehmann.js';

const sorted = (values: number[]): Float64Array => Float64Array.from(values).sort();

describe('hodgesLehmann', () => {
  it('is the median of the pairwise differences', () => {
    expect(hodgesLehmann([1, 2, 3], [0]).shift).toBe(2);
    // Differences of [1, 4] − [0, 1]: 0, 1, 3, 4 → median (1 + 3)/2.
    expect(hodgesLehmann([1, 4], [0, 1]).shift).toBe(2);
  });

  it('hand-computed shift and 90 % interval of the SciPy example', () => {
    // x − y for x = 19 22 16 29 24, y = 20 11 17 12, sorted (20 differences):
    // −4 −1 −1 2 2 4 4 5 5 7 7 8 9 10 11 12 12 13 17 18 → median (7 + 7)/2 = 7.
    // k = round(20/2 − 1.6449·√(20·10/12)) = round(3.285) = 3 → [D(3), D(18)] = [−1, 13].
    const r = hodgesLehmann([19, 22, 16, 29, 24], [20, 11, 17, 12], 0.9);
    expect(r.shift).toBe(7);
    expect(r.lower).toBe(-1);
    expect(r.upper).toBe(13);
    expect(r.confidence).toBe(0.9);
  });

  it('interval is unbounded when the samples cannot reach the level', () => {
    const r = hodgesLehmann([1, 2], [0], 0.98);
    expect(r.lower).toBe(-Infinity);
    expect(r.upper).toBe(Infinity);
  });

  it('empty samples give NaN', () => {
    expect(hodgesLehmann([], [1]).shift).toBeNaN();
  });

  it('a pure shift is recovered exactly', () => {
    const base = Array.from({ length: 400 }, (_, i) => (i * 7919) % 1000);
    const r = hodgesLehmann(
      base.map((v) => v + 25),
      base,
    );
    expect(r.shift).toBe(25);
    expect(r.lower).toBeLessThanOrEqual(25);
    expect(r.upper).toBeGreaterThanOrEqual(25);
  });

  it('heavy ties far from the minimum are resolved without enumerating them', () => {
    const n = 3000;
    const x = [0, ...Array.from({ length: n - 1 }, () => 1)];
    const y = Array.from({ length: n }, () => 0);
    // 9e6 differences: 3000 zeros, the rest ones.
    expect(kthDifference(sorted(x), sorted(y), n)).toBe(0);
    expect(kthDifference(sorted(x), sorted(y), n + 1)).toBe(1);
    expect(hodgesLehmann(x, y).shift).toBe(1);
  });

  it('kthDifference equals sorting all differences (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 25 }),
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 25 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, y, q) => {
          const all = x.flatMap((a) => y.map((b) => a - b)).sort((a, b) => a - b);
          const k = 1 + Math.min(all.length - 1, Math.floor(q * all.length));
          expect(kthDifference(sorted(x), sorted(y), k)).toBe(all[k - 1]);
        },
      ),
    );
  });

  it('kthDifference works on real-valued samples (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (x, y) => {
          const all = x.flatMap((a) => y.map((b) => a - b)).sort((a, b) => a - b);
          const k = Math.ceil(all.length / 2);
          expect(kthDifference(sorted(x), sorted(y), k)).toBe(all[k - 1]);
        },
      ),
    );
  });
});
