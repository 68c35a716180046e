import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_GATE_CONFIG,
  ShadowRunError,
  gateShadow,
  loadGateSlos,
  readArmRecordings,
} from '../../gate/index.js';

const ROOT = join(import.meta.dirname, '../..');
const AGENT = join(ROOT, 'test/fixtures/gate/agent.mjs');
const POLICY = join(ROOT, 'test/fixtures/gate/policy.yaml');
const COMMAND = `node --require @agc/otel ${AGENT}`;
const slos = loadGateSlos([]);

describe('shadow check: the canary re-runs against the baseline recorded inputs', () => {
  const baseline = mkdtempSync(join(tmpdir(), 'agc-gate-baseline-'));

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/cjs/index.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does)');
    }
    // The baseline: the current agent, recorded with content capture (the replay key).
    await promisify(execFile)(process.execPath, ['--require', '@agc/otel', AGENT], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        AGC_RECORD_DIR: baseline,
        AGC_METRICS_PORT: '0',
        AGC_POLICY: POLICY,
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
        TASKS: '120',
      },
    });
  }, 60_000);

  const run = (variant: string) =>
    gateShadow(DEFAULT_GATE_CONFIG, slos, {
      command: COMMAND,
      baseline: [baseline],
      cwd: ROOT,
      env: { AGC_POLICY: POLICY, TASKS: '120', AGENT_VARIANT: variant },
    });

  it('the same agent passes; its tool outcomes came from the recording', async () => {
    const { report, run: shadow } = await run('same');
    expect(shadow.exitCode).toBe(0);
    expect(shadow.outputTail).toContain('done 120 tasks (same)');
    expect(report.verdict, report.reason).toBe('pass');
    expect(report.canary).toMatchObject({ label: `shadow: ${COMMAND}`, runs: 120, calls: 240 });
    const latency = report.metrics.find((m) => m.name === 'tool_latency');
    expect(latency?.classification).toBe('skipped');
    expect(latency?.reason).toBe('tool outcomes were served from a recording');
    // Every call of the canary was served back from the baseline.
    const canary = await readArmRecordings([shadow.recordDir]);
    expect(
      canary.measurements(DEFAULT_GATE_CONFIG, slos).measurements.get('tool_error_rate'),
    ).toEqual({
      kind: 'rate',
      events: 12,
      trials: 240,
    });
  }, 60_000);

  it('a new version that calls a forbidden tool fails on the deny rate', async () => {
    const { report } = await run('regressed');
    expect(report.verdict).toBe('fail');
    const denies = report.metrics.find((m) => m.name === 'policy_deny_rate');
    expect(denies?.classification).toBe('high');
    expect(denies?.criticalFailure).toBe(true);
    expect(denies?.canary).toEqual({ n: 300, value: 60 / 300 });
  }, 60_000);

  it('a canary command that fails, or records nothing, is an error, not a verdict', async () => {
    const crash = gateShadow(DEFAULT_GATE_CONFIG, slos, {
      command: 'node -e "console.error(\'boom\'); process.exit(3)"',
      baseline: [baseline],
    });
    await expect(crash).rejects.toThrow(ShadowRunError);
    await expect(crash).rejects.toThrow('canary command exited with code 3: boom');
    await expect(
      gateShadow(DEFAULT_GATE_CONFIG, slos, { command: 'node -e "0"', baseline: [baseline] }),
    ).rejects.toThrow(/recorded nothing in .* \(is it started with --require @agc\/otel\?\)/);
  });
});
