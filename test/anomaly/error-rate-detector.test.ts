import { describe, expect, it } from 'vitest';
import { ErrorRateDetector, resolveAnomalyOptions } from '../../anomaly/index.js';
import type { AnomalyOptionsInput, DetectorSignal } from '../../anomaly/index.js';
import { T0, call } from './events.js';

function run(outcomes: readonly boolean[], errorRate: AnomalyOptionsInput['errorRate'] = {}) {
  const detector = new ErrorRateDetector(resolveAnomalyOptions({ errorRate }));
  const signals: { at: number; s: DetectorSignal }[] = [];
  outcomes.forEach((error, at) => {
    const s = detector.ingest(call({ timeMs: T0 + at * 1000, error, tool: 'fetch_url' }), 0);
    if (s) signals.push({ at, s });
  });
  return signals;
}

const clean = (n: number): boolean[] => Array<boolean>(n).fill(false);

describe('ErrorRateDetector: errors among the last 32 runs vs the baseline rate', () => {
  it.each([
    // baseline 0 → floored 0.05: z(e) = (e − 1.6) / √(32 × 0.05 × 0.95); z(7) = 4.38 ≥ 4
    { errors: 6, fires: false },
    { errors: 7, fires: true },
  ])('after a clean history, $errors consecutive errors fire: $fires', ({ errors, fires }) => {
    const signals = run([...clean(200), ...Array<boolean>(errors).fill(true)]);
    expect(signals.length > 0).toBe(fires);
    if (fires) {
      expect(signals[0]?.at).toBe(200 + errors - 1);
      expect(signals[0]?.s.details.z).toBeCloseTo((7 - 1.6) / Math.sqrt(32 * 0.05 * 0.95), 12);
      expect(signals[0]?.s.details.errors).toBe(7);
    }
  });

  it('uses the baseline rate when above the floor, and requires minErrors', () => {
    // 10 % errors in the baseline: z(e) = (e − 3.2) / √(32 × 0.1 × 0.9) → fires at e = 10.
    const history = Array.from({ length: 1_000 }, (_, i) => i % 10 === 0);
    const signals = run([...history, ...Array<boolean>(12).fill(true)]);
    const baseline = signals[0]?.s.details.baselineRate as number;
    expect(baseline).toBeGreaterThan(0.09);
    expect(baseline).toBeLessThan(0.11);
    const expectedZ =
      (Number(signals[0]?.s.details.errors) - 32 * baseline) /
      Math.sqrt(32 * baseline * (1 - baseline));
    expect(signals[0]?.s.details.z).toBeCloseTo(expectedZ, 12);
    expect(signals[0]?.s.details.z).toBeGreaterThanOrEqual(4);
    // A noisy but clean-ish tool with a floor of 2 errors never reaches minErrors 6.
    expect(run([...clean(200), true, false, true, ...clean(100)], { rateFloor: 0.01 })).toEqual([]);
  });

  it('stays quiet at a steady 3 % error rate', () => {
    const steady = Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 100 < 3);
    expect(run(steady)).toEqual([]);
  });

  it('does not score before warm-up', () => {
    expect(run([...clean(40), ...Array<boolean>(20).fill(true)], { warmupCalls: 64 })).toEqual([]);
  });
});
