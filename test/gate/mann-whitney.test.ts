import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mannWhitneyGrouped, mannWhitneyU } from '../../gate/stats/mann-whitney.js';

// x = canary, y = baseline; U counts pairs x > y plus half the ties.
const MALES = [19, 22, 16, 29, 24];
const FEMALES = [20, 11, 17, 12];

describe('mannWhitneyU', () => {
  it('exact: the example of the SciPy reference (U = 17 of 20 pairs)', () => {
    // Arrangements of 5 vs 4 with U >= 17: U = 20, 19 (1 each), 18 (2), 17 (3) = 7 of C(9,4) = 126.
    const r = mannWhitneyU(MALES, FEMALES);
    expect(r.method).toBe('exact');
    expect(r.u).toBe(17);
    expect(r.pGreater).toBeCloseTo(7 / 126, 12);
    expect(r.pLess).toBeCloseTo(122 / 126, 12);
    // SciPy documents the two-sided exact p-value 0.1111 for this sample.
    expect(2 * r.pGreater).toBeCloseTo(0.1111111111, 9);
  });

  it('normal approximation of the same example matches SciPy (0.11134688653314041 two-sided)', () => {
    // μ = 10, σ = √(5·4·10/12) = 4.0825, z = (17 − 10 − 0.5)/σ = 1.5922.
    const r = mannWhitneyU(MALES, FEMALES, { method: 'normal' });
    expect(r.method).toBe('normal');
    expect(r.mean).toBe(10);
    expect(r.sd).toBeCloseTo(Math.sqrt(200 / 12), 12);
    expect(r.z).toBeCloseTo(6.5 / Math.sqrt(200 / 12), 12);
    expect(2 * r.pGreater).toBeCloseTo(0.11134688653314041, 6);
  });

  it('exact: published one-sided critical value for n1 = n2 = 10 at 5 % is U = 27', () => {
    // Baseline 1..10; canary values placed so that k_i baseline values lie below the i-th.
    const baseline = Array.from({ length: 10 }, (_, i) => i + 1);
    const canary = (below: number[]): number[] => below.map((k, i) => k + 0.5 + i * 0.001);
    const at27 = mannWhitneyU(canary([0, 0, 0, 0, 1, 2, 4, 5, 7, 8]), baseline);
    const at28 = mannWhitneyU(canary([0, 0, 0, 0, 1, 2, 4, 5, 7, 9]), baseline);
    expect(at27.u).toBe(27);
    expect(at28.u).toBe(28);
    expect(at27.pLess).toBeLessThanOrEqual(0.05);
    expect(at28.pLess).toBeGreaterThan(0.05);
  });

  it('exact: complete separation of 3 vs 3 has p = 1/C(6,3)', () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r.u).toBe(0);
    expect(r.pLess).toBeCloseTo(1 / 20, 14);
    expect(r.pGreater).toBe(1);
  });

  it('ties: hand-computed tie correction', () => {
    // Pooled groups (value: x, y): 1: 1,0  2: 2,1  3: 3,2  4: 0,2  5: 0,1 → t = 1, 3, 5, 2, 1.
    // U = 0 + 2·(0 + 0.5) + 3·(1 + 1) = 7; μ = 18; Σ(t³ − t) = 24 + 120 + 6 = 150;
    // σ² = 36/12 · (13 − 150/132) = 35.5909...; z_less = (7 − 18 + 0.5)/σ = −1.7600.
    const r = mannWhitneyU([1, 2, 2, 3, 3, 3], [2, 3, 3, 4, 4, 5]);
    expect(r.method).toBe('normal');
    expect(r.u).toBe(7);
    expect(r.sd ** 2).toBeCloseTo(3 * (13 - 150 / 132), 12);
    expect(r.pLess).toBeCloseTo(0.039201467266633955, 6);
  });

  it('every value tied: no variance, no evidence', () => {
    const r = mannWhitneyU([5, 5, 5], [5, 5]);
    expect(r.sd).toBe(0);
    expect(r.pGreater).toBe(1);
    expect(r.pLess).toBe(1);
  });

  it('an empty sample gives no evidence', () => {
    const r = mannWhitneyU([], [1, 2]);
    expect(r.pGreater).toBe(1);
    expect(r.pLess).toBe(1);
  });

  it('large samples: a shift is detected, the same distribution is not', () => {
    const base = Array.from({ length: 500 }, (_, i) => i);
    expect(
      mannWhitneyU(
        base.map((v) => v + 60),
        base,
      ).pGreater,
    ).toBeLessThan(0.01);
    const same = mannWhitneyU(base, [...base].reverse());
    expect(same.u).toBe(same.mean);
    expect(same.pGreater).toBeGreaterThan(0.45);
  });

  it('grouped counts give the same answer as the expanded samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(20), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(20), { minLength: 1, maxLength: 8 }),
        (cx, cy) => {
          const expand = (counts: number[]): number[] =>
            counts.flatMap((c, k) => Array.from({ length: c }, () => k));
          const raw = mannWhitneyU(expand(cx), expand(cy), { method: 'normal' });
          const grouped = mannWhitneyGrouped(cx, cy);
          expect(grouped.u).toBeCloseTo(raw.u, 9);
          expect(grouped.sd).toBeCloseTo(raw.sd, 9);
          expect(grouped.pGreater).toBeCloseTo(raw.pGreater, 12);
        },
      ),
    );
  });

  it('U counts pairs: property against the O(n·m) definition', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 }),
        (x, y) => {
          let u = 0;
          for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
          expect(mannWhitneyU(x, y).u).toBe(u);
        },
      ),
    );
  });
});
