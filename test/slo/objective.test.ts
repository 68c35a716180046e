import { describe, expect, it } from 'vitest';
import { decimalPlaces, objectiveRatios } from '../../slo/objective.js';

describe('objectiveRatios', () => {
  // The budget must be the double nearest the decimal, i.e. print back as written; plain
  // floating point gives 100 - 99.9 = 0.09999999999999432.
  it.each([
    [99.9, 'percent', 0.999, 0.001, '0.001'],
    [99.5, 'percent', 0.995, 0.005, '0.005'],
    [99, 'percent', 0.99, 0.01, '0.01'],
    [98, 'percent', 0.98, 0.02, '0.02'],
    [99.95, 'percent', 0.9995, 0.0005, '0.0005'],
    [99.999, 'percent', 0.99999, 0.00001, '0.00001'],
    [0.999, 'ratio', 0.999, 0.001, '0.001'],
    [0.9, 'ratio', 0.9, 0.1, '0.1'],
  ] as const)('%d (%s) → objective %d, budget %d', (value, unit, objective, budget, printed) => {
    const ratios = objectiveRatios(value, unit);
    expect(ratios?.objective).toBe(objective);
    expect(ratios?.errorBudget).toBe(budget);
    expect(String(ratios?.errorBudget).replace('1e-5', '0.00001')).toBe(printed);
  });

  it('differs from naive floating point, which is what it fixes', () => {
    expect((100 - 99.9) / 100).not.toBe(0.001);
    expect(objectiveRatios(99.9, 'percent')?.errorBudget).toBe(0.001);
  });

  it.each([
    [0, 'percent'],
    [100, 'percent'],
    [120, 'percent'],
    [-1, 'percent'],
    [1, 'ratio'],
    [0, 'ratio'],
    [99.123456789012, 'percent'],
  ] as const)('rejects %d (%s)', (value, unit) => {
    expect(objectiveRatios(value, unit)).toBeUndefined();
  });

  it.each([
    [99, 0],
    [99.9, 1],
    [0.0005, 4],
    [1e-7, 7],
    [1.5e-7, 8],
  ])('decimalPlaces(%d) = %d', (value, places) => {
    expect(decimalPlaces(value)).toBe(places);
  });
});
