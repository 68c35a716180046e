import { describe, expect, it } from 'vitest';
import { LatencyDetector, resolveAnomalyOptions } from '../../anomaly/index.js';
import type { AnomalyOptionsInput, DetectorSignal } from '../../anomaly/index.js';
import { T0, call } from './events.js';

function run(
  durations: readonly number[],
  latency: AnomalyOptionsInput['latency'] = {},
  blocked?: (i: number) => boolean,
) {
  const detector = new LatencyDetector(resolveAnomalyOptions({ latency }));
  const signals: { at: number; s: DetectorSignal }[] = [];
  durations.forEach((durationMs, at) => {
    const s = detector.ingest(
      call({ timeMs: T0 + at * 1000, durationMs, blocked: blocked?.(at) ?? false }),
      0,
    );
    if (s) signals.push({ at, s });
  });
  return { detector, signals };
}

/** Deterministic log-normal-ish jitter: median M, spread ±S in log space. */
const jittered = (n: number, median: number, spread: number): number[] =>
  Array.from({ length: n }, (_, i) => median * Math.exp(spread * Math.sin(i * 2.399)));

describe('LatencyDetector: EWMA chart of ln(1 + ms) per (agent, tool)', () => {
  it('computes the chart z of a step exactly', () => {
    // 50 calls at 99 ms (x = ln 100, σ = 0 → floor 0.1), then one at 1 099 ms (x = ln 1100).
    // Winsorised to mean + 4σ: recent = 0.8 × ln100 + 0.2 × (ln100 + 0.4) → z = 0.08 / (0.1 × √(0.2/1.8)).
    const options = { threshold: 0.5, saturation: 10 };
    const { signals } = run([...Array<number>(50).fill(99), 1099], options);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.at).toBe(50);
    expect(signals[0]?.s.details.z).toBeCloseTo(0.08 / (0.1 * Math.sqrt(0.2 / 1.8)), 9);
    expect(signals[0]?.s.details.baselineMs).toBeCloseTo(99, 9);
  });

  it('a single slow call does not fire; a sustained slowdown fires within a few calls', () => {
    const normal = jittered(500, 120, 0.3);
    const once = [...normal, 5_000, ...jittered(50, 120, 0.3)];
    expect(run(once).signals).toEqual([]);
    const slow = [...normal, ...jittered(50, 600, 0.3)];
    const { signals } = run(slow);
    expect(signals[0]?.at).toBeGreaterThanOrEqual(500);
    expect(signals[0]?.at).toBeLessThan(510);
    expect(signals[0]?.s.tool).toBe('search');
  });

  it('stays quiet on steady jittery latency and during warm-up', () => {
    expect(run(jittered(5_000, 80, 0.6)).signals).toEqual([]);
    expect(
      run([...Array<number>(30).fill(10), ...Array<number>(10).fill(10_000)], { warmupCalls: 40 })
        .signals,
    ).toEqual([]);
  });

  it('ignores blocked calls (the tool did not run) and non-finite durations', () => {
    const durations = [...Array<number>(100).fill(50), ...Array<number>(20).fill(5_000)];
    expect(run(durations, {}, (i) => i >= 100).signals).toEqual([]);
    // Invalid durations are skipped without corrupting the baseline: a slowdown still fires at
    // its third call, as without them (each slow call adds 0.2 × 4σ, z ≈ 2.4, 4.3, 5.9).
    const odd = [...Array<number>(100).fill(50), NaN, Infinity, -1, ...Array<number>(5).fill(500)];
    expect(run(odd).signals[0]?.at).toBe(105);
    const plain = [...Array<number>(100).fill(50), ...Array<number>(5).fill(500)];
    expect(run(plain).signals[0]?.at).toBe(102);
  });
});
