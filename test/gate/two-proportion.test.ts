import { describe, expect, it } from 'vitest';
import { twoProportionZTest } from '../../gate/stats/two-proportion.js';

describe('twoProportionZTest', () => {
  it('hand-computed: 40/1000 against 20/1000', () => {
    // p̄ = 60/2000 = 0.03; se = √(0.03·0.97·(2/1000)) = 0.0076289; z = 0.02/se = 2.62161;
    // P(Z > 2.62161) = 0.0043757.
    const r = twoProportionZTest(40, 1000, 20, 1000);
    expect(r.pX).toBe(0.04);
    expect(r.pY).toBe(0.02);
    expect(r.pooled).toBeCloseTo(0.03, 15);
    expect(r.se).toBeCloseTo(Math.sqrt(0.03 * 0.97 * 0.002), 15);
    expect(r.z).toBeCloseTo(2.6216125, 6);
    expect(r.pGreater).toBeCloseTo(0.0043757, 6);
    expect(r.pLess).toBeCloseTo(1 - 0.0043757, 6);
  });

  it('hand-computed: unequal sizes, canary lower', () => {
    // 5/500 vs 30/1500: p̄ = 35/2000 = 0.0175; se = √(0.0175·0.9825·(1/500 + 1/1500)) = 0.0067713;
    // z = (0.01 − 0.02)/se = −1.47683; P(Z < z) = 0.069861.
    const r = twoProportionZTest(5, 500, 30, 1500);
    expect(r.se).toBeCloseTo(0.0067713, 7);
    expect(r.z).toBeCloseTo(-1.47683, 5);
    expect(r.pLess).toBeCloseTo(0.069861, 6);
  });

  it('accepts fractional counts (Prometheus increase())', () => {
    const r = twoProportionZTest(40.4, 1000.2, 20.1, 999.7);
    expect(r.pGreater).toBeLessThan(0.01);
  });

  it('no events in either arm, or only events: no evidence', () => {
    for (const r of [twoProportionZTest(0, 100, 0, 100), twoProportionZTest(50, 50, 80, 80)]) {
      expect(r.z).toBeNaN();
      expect(r.pGreater).toBe(1);
      expect(r.pLess).toBe(1);
    }
  });
});
