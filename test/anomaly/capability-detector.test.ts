import { describe, expect, it } from 'vitest';
import { CapabilityDetector, resolveAnomalyOptions } from '../../anomaly/index.js';
import type { AnomalyOptionsInput, DetectorSignal } from '../../anomaly/index.js';
import { ToolSlots } from '../../anomaly/tool-slots.js';
import { T0, call } from './events.js';

const MINUTE = 60_000;

function run(
  calls: readonly { tool: string; timeMs: number }[],
  capability: AnomalyOptionsInput['capability'] = {},
  declared?: readonly string[],
) {
  const detector = new CapabilityDetector(
    resolveAnomalyOptions({ capability }),
    declared && new Set(declared),
  );
  const slots = new ToolSlots(64);
  const signals: { at: number; s: DetectorSignal }[] = [];
  calls.forEach((c, at) => {
    const s = detector.ingest(call(c), slots.slotOf(c.tool));
    if (s) signals.push({ at, s });
  });
  return signals;
}

/** N calls one minute apart, cycling through TOOLS. */
const minutes = (tools: readonly string[], n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    tool: tools[i % tools.length] as string,
    timeMs: T0 + (from + i) * MINUTE,
  }));

describe('CapabilityDetector', () => {
  it('declared profile: every call outside it fires at the declared score, from the first call', () => {
    const calls = [
      { tool: 'search', timeMs: T0 },
      { tool: 'upload_file', timeMs: T0 + 1 },
      { tool: 'search', timeMs: T0 + 2 },
      { tool: 'upload_file', timeMs: T0 + 3 },
    ];
    const signals = run(calls, {}, ['search', 'read_file']);
    expect(signals.map((x) => x.at)).toEqual([1, 3]);
    expect(signals[0]?.s).toMatchObject({
      score: 1,
      tool: 'upload_file',
      details: { profile: 'declared', profileSize: 2 },
    });
  });

  it('learned profile: quiet while learning, then the first call to a new tool fires once', () => {
    // learnCalls 200 and learnMs 1 h: armed after 200 calls over ≥ 60 minutes with no new tool.
    const normal = minutes(['search', 'read_file', 'summarise'], 240);
    const calls = [
      ...normal,
      { tool: 'http_post_external', timeMs: T0 + 240 * MINUTE },
      { tool: 'http_post_external', timeMs: T0 + 241 * MINUTE },
      ...minutes(['search'], 5, 242),
    ];
    const signals = run(calls);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.at).toBe(240);
    expect(signals[0]?.s).toMatchObject({
      score: 0.8,
      tool: 'http_post_external',
      details: { profile: 'learned' },
    });
  });

  it('a new tool during learning restarts the learning period', () => {
    const calls = [
      ...minutes(['search'], 150),
      ...minutes(['read_file'], 1, 150), // new tool at call 150: restart
      ...minutes(['search'], 150, 151),
      { tool: 'upload_file', timeMs: T0 + 301 * MINUTE }, // only 150 calls since read_file
      ...minutes(['search'], 250, 302),
      { tool: 'shell_exec', timeMs: T0 + 552 * MINUTE },
    ];
    const signals = run(calls);
    expect(signals.map((x) => x.s.tool)).toEqual(['shell_exec']);
  });

  it('needs both the call count and the time span to arm', () => {
    // 300 calls in 30 minutes: enough calls, not enough time.
    const fast = Array.from({ length: 300 }, (_, i) => ({
      tool: 'search',
      timeMs: T0 + i * 6_000,
    }));
    expect(run([...fast, { tool: 'new', timeMs: T0 + 1_800_001 }])).toEqual([]);
  });

  it('learning can be turned off', () => {
    const calls = [...minutes(['search'], 400), { tool: 'new', timeMs: T0 + 400 * MINUTE }];
    expect(run(calls, { learn: false })).toEqual([]);
  });
});
