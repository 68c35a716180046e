import { describe, expect, it } from 'vitest';
import {
  EntropyDetector,
  jensenShannonDivergence,
  jsdSamplingBias,
  normaliseScore,
  resolveAnomalyOptions,
} from '../../anomaly/index.js';
import type { AnomalyOptionsInput, DetectorSignal } from '../../anomaly/index.js';
import { ToolSlots } from '../../anomaly/tool-slots.js';
import { T0, call } from './events.js';

/** Runs TOOLS through a fresh detector (with the agent's slot interning); signals by call index. */
function run(tools: readonly string[], entropy: AnomalyOptionsInput['entropy'] = {}) {
  const detector = new EntropyDetector(resolveAnomalyOptions({ entropy }));
  const slots = new ToolSlots(64);
  const signals: { at: number; s: DetectorSignal }[] = [];
  tools.forEach((tool, at) => {
    const s = detector.ingest(call({ timeMs: T0 + at * 1000, tool }), slots.slotOf(tool));
    if (s) signals.push({ at, s });
  });
  return { detector, signals };
}

const cycle = (names: readonly string[], n: number): string[] =>
  Array.from({ length: n }, (_, i) => names[i % names.length] as string);

describe('EntropyDetector: windowed tool mix against the agent’s own baseline', () => {
  it('never flags a focused single-tool agent', () => {
    const { detector, signals } = run(Array<string>(20_000).fill('search'));
    expect(signals).toEqual([]);
    expect(detector.score).toBe(0);
  });

  it('never flags a stable mix', () => {
    expect(run(cycle(['a', 'b', 'c', 'd'], 20_000)).signals).toEqual([]);
  });

  it('scores the exact bias-corrected JS divergence between window and baseline', () => {
    // window 10, baseline ≈ undecayed counts of the calls that left the window.
    const options = {
      windowCalls: 10,
      warmupCalls: 20,
      baselineHalfLifeCalls: 1e12,
      evaluateEvery: 1,
    };
    const tools = [...cycle(['a', 'b'], 60), ...Array<string>(20).fill('a')];
    const { detector, signals } = run(tools, options);
    // Independent computation of the statistic at every call after warm-up.
    const index = { a: 0, b: 1 } as Record<string, number>;
    const expected = tools.map((_, at) => {
      if (at + 1 - 10 < 20) return NaN;
      const window = [0, 0];
      const baseline = [0, 0];
      tools.slice(at - 9, at + 1).forEach((t) => window[index[t] as number]!++);
      tools.slice(0, at - 9).forEach((t) => baseline[index[t] as number]!++);
      const observed = window.filter((c) => c > 0).length;
      return jensenShannonDivergence(window, baseline) - jsdSamplingBias(observed, 10);
    });
    const firstAbove = expected.findIndex((x) => x >= 0.12);
    expect(signals[0]?.at).toBe(firstAbove);
    expect(signals[0]?.s.details.jsd).toBeCloseTo(expected[firstAbove] as number, 9);
    // At the end the window is 10 × a; 40 a and 30 b have left it into the baseline.
    const final = expected.at(-1) as number;
    expect(final).toBe(jensenShannonDivergence([10, 0], [40, 30]));
    expect(detector.score).toBeCloseTo(normaliseScore(final, 0.12, 0.5), 9);
  });

  it('flags a tool loop on a diverse agent within a few dozen calls', () => {
    const normal = cycle(['search', 'read', 'write', 'query', 'email'], 3_000);
    const { signals } = run([...normal, ...Array<string>(60).fill('read')]);
    expect(signals.length).toBeGreaterThan(0);
    expect(signals[0]!.at).toBeGreaterThanOrEqual(3_000);
    expect(signals[0]!.at).toBeLessThan(3_030);
    expect(signals[0]!.s.details.windowEntropy).toBeLessThan(
      signals[0]!.s.details.baselineEntropy as number,
    );
  });

  it('flags a shift to a new mix of the same tools', () => {
    // Baseline: mostly a; then mostly c.
    const before = cycle(['a', 'a', 'a', 'a', 'a', 'a', 'b', 'c'], 4_000);
    const after = cycle(['c', 'c', 'c', 'c', 'c', 'c', 'b', 'a'], 200);
    const { signals } = run([...before, ...after]);
    expect(signals[0]?.at).toBeGreaterThanOrEqual(4_000);
    expect(signals[0]?.at).toBeLessThan(4_050);
  });

  it('stays quiet during warm-up, whatever the shift', () => {
    const tools = [...cycle(['a', 'b'], 150), ...Array<string>(100).fill('z')];
    expect(run(tools, { warmupCalls: 400 }).signals).toEqual([]);
  });

  it('fires once per episode and re-arms after the mix returns', () => {
    const mix = cycle(['a', 'b', 'c', 'd'], 2_000);
    const loop = Array<string>(100).fill('a');
    const { signals } = run([...mix, ...loop, ...mix, ...loop], { evaluateEvery: 1 });
    const episodes = signals.filter((x, i) => i === 0 || x.at - signals[i - 1]!.at > 50);
    expect(episodes.map((x) => x.at >= 2_000 && x.at < 2_100)).toEqual([true, false]);
    expect(episodes.at(-1)!.at).toBeGreaterThanOrEqual(4_100);
  });
});
