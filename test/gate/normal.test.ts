import { describe, expect, it } from 'vitest';
import { normalLowerTail, normalQuantile, normalUpperTail } from '../../gate/stats/normal.js';

// Values of the standard normal table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.1).
describe('normal distribution helpers', () => {
  it.each([
    [0, 0.5],
    [1, 0.158655254],
    [1.959963985, 0.025],
    [2, 0.022750132],
    [2.326347874, 0.01],
    [3, 0.001349898],
    [-1, 0.841344746],
  ])('P(Z > %d) = %d', (z, p) => {
    expect(normalUpperTail(z)).toBeCloseTo(p, 7);
    expect(normalLowerTail(-z)).toBeCloseTo(p, 7);
  });

  it.each([
    [0.5, 0],
    [0.975, 1.959963985],
    [0.99, 2.326347874],
    [0.995, 2.575829304],
    [0.999, 3.090232306],
    [0.01, -2.326347874],
    [0.001, -3.090232306],
  ])('quantile(%d) = %d', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });

  it('handles the ends', () => {
    expect(normalUpperTail(Infinity)).toBe(0);
    expect(normalUpperTail(-Infinity)).toBe(1);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalUpperTail(Number.NaN)).toBeNaN();
  });
});
