import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_CONFIG, gateRecordings, judgeGate, loadGateSlos } from '../../gate/index.js';
import type { GateReport } from '../../gate/index.js';
import { armFromLines } from './support/arm-from-lines.js';
import { syntheticLines, writeRecording } from './support/synthetic-recording.js';
import type { ArmProfile } from './support/synthetic-recording.js';

const SLOS = loadGateSlos([]);
const config = DEFAULT_GATE_CONFIG;

/** Judges two generated arms in memory. */
function judge(baseline: ArmProfile, canary: ArmProfile): GateReport {
  const b = armFromLines(syntheticLines(baseline), 'baseline');
  const c = armFromLines(syntheticLines(canary), 'canary');
  return judgeGate(config, b.measurements(config, SLOS), c.measurements(config, SLOS));
}

const classOf = (report: GateReport, name: string) => report.metrics.find((m) => m.name === name);

describe('decisions on generated recordings', () => {
  it('identical behaviour never fails, across 120 seed pairs', () => {
    const tally: Record<string, number> = {};
    for (let s = 0; s < 120; s++) {
      const report = judge({ seed: 10_000 + s, runs: 150 }, { seed: 20_000 + s, runs: 150 });
      tally[report.verdict] = (tally[report.verdict] ?? 0) + 1;
      expect(report.verdict, `seed ${s}: ${report.reason}`).not.toBe('fail');
      expect(report.metrics.some((m) => m.criticalFailure)).toBe(false);
    }
    // With alpha 0.02 per metric a few marginal verdicts are expected; most runs pass.
    expect(tally.pass ?? 0).toBeGreaterThanOrEqual(100);
    expect(tally.inconclusive ?? 0).toBe(0);
  }, 120_000);

  it.each<[string, Partial<ArmProfile>, string, string]>([
    ['tool error rate 2 % → 8 %', { errorRate: 0.08 }, 'tool_error_rate', 'fail'],
    ['policy deny rate 1 % → 6 %', { denyRate: 0.06 }, 'policy_deny_rate', 'fail'],
    ['quarantine denies 0 → 3 %', { quarantineRate: 0.03 }, 'quarantine_rate', 'fail'],
    ['tool latency median 50 → 80 ms', { latencyMs: 80 }, 'tool_latency', 'fail'],
    ['tokens per run 1200 → 3000', { tokens: 3000 }, 'run_tokens', 'fail'],
    ['error rate 2 % → 12 %: the canary alone pages', { errorRate: 0.12 }, 'slo_burn', 'fail'],
    ['anomalies 1 % → 5 % (not critical)', { anomalyRate: 0.05 }, 'anomaly_rate', 'marginal'],
  ])('planted regression: %s', (_name, planted, metric, verdict) => {
    for (const seed of [1, 2, 3]) {
      const report = judge({ seed, runs: 300 }, { seed: seed + 500, runs: 300, ...planted });
      expect(report.verdict, report.reason).toBe(verdict);
      expect(classOf(report, metric)?.classification).toBe('high');
      expect(report.exitCode).toBe(verdict === 'fail' ? 1 : 3);
    }
  });

  it('a canary with too few runs is inconclusive (exit 3), not a pass', () => {
    const report = judge({ seed: 4, runs: 300 }, { seed: 5, runs: 30 });
    expect(report.verdict).toBe('inconclusive');
    expect(report.exitCode).toBe(3);
    expect(report.reason).toMatch(/not enough data for tool_error_rate/);
  });

  it('too few runs still fails on a glaring regression', () => {
    const report = judge({ seed: 4, runs: 300 }, { seed: 5, runs: 60, errorRate: 0.5 });
    expect(report.verdict).toBe('fail');
    expect(classOf(report, 'slo_burn')?.classification).toBe('high');
  });

  it('recordings without usage: tokens and cost are skipped, not missing', () => {
    const report = judge({ seed: 6, runs: 200, tokens: 0 }, { seed: 7, runs: 200, tokens: 0 });
    expect(classOf(report, 'run_tokens')?.classification).toBe('skipped');
    expect(classOf(report, 'run_cost')?.classification).toBe('skipped');
    expect(report.verdict).toBe('pass');
  });

  it('through recording files: the same verdicts, labels and counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-gate-decisions-'));
    const baseline = writeRecording(dir, 'baseline', { seed: 31, runs: 250 });
    const same = writeRecording(dir, 'same', { seed: 32, runs: 250 });
    const worse = writeRecording(dir, 'worse', { seed: 33, runs: 250, errorRate: 0.1 });
    const ok = await gateRecordings(config, SLOS, [baseline], [same]);
    expect(ok.verdict).toBe('pass');
    expect(ok.baseline).toEqual({ label: baseline, runs: 250, calls: expect.any(Number) });
    const inMemory = judge({ seed: 31, runs: 250 }, { seed: 32, runs: 250 });
    expect(ok.metrics).toEqual(inMemory.metrics);
    const bad = await gateRecordings(config, SLOS, [dir], [worse]);
    expect(bad.verdict).toBe('fail');
    expect(bad.reason).toMatch(/^critical regression: tool_error_rate, slo_burn/);
  });
});
