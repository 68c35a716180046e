import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGateCommand } from '../../cli/commands/gate.js';
import type { GateReport } from '../../gate/index.js';
import { writeRecording } from './support/synthetic-recording.js';
import { captureCliOutput } from '../helpers/cli-output.js';

const output = captureCliOutput();

function program(): Command {
  const p = new Command('agc').exitOverride();
  registerGateCommand(p);
  return p;
}

async function agc(args: string[]) {
  await program().parseAsync(['node', 'agc', 'gate', ...args]);
  return { out: output.out(), err: output.err(), code: process.exitCode ?? 0 };
}

const dir = mkdtempSync(join(tmpdir(), 'agc-gate-cli-'));
let baseline = '';
let same = '';
let worse = '';
let few = '';

beforeAll(() => {
  baseline = writeRecording(dir, 'baseline', { seed: 51, runs: 250 });
  same = writeRecording(dir, 'same', { seed: 52, runs: 250 });
  worse = writeRecording(dir, 'worse', { seed: 53, runs: 250, errorRate: 0.1 });
  few = writeRecording(dir, 'few', { seed: 54, runs: 20 });
});

describe('agc gate (recordings)', () => {
  it('pass: a readable report, exit 0', async () => {
    const r = await agc(['--baseline', baseline, '--canary', same]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^gate PASS \(score 100, exit 0\): score 100 at or above 95\n/);
    expect(r.out).toContain(`baseline ${baseline} (250 runs,`);
    expect(r.out).toMatch(/\n {2}PASS {4}tool_error_rate +canary /);
    expect(r.err).toBe('');
  });

  it('fail: exit 1, the critical metrics marked', async () => {
    const r = await agc(['--baseline', baseline, '--canary', worse]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^gate FAIL \(score 0, exit 1\): critical regression: tool_error_rate/);
    expect(r.out).toMatch(/\n {2}HIGH {2}! tool_error_rate /);
  });

  it('not enough data: exit 3', async () => {
    const r = await agc(['--baseline', baseline, '--canary', few]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^gate INCONCLUSIVE/);
  });

  it('--json prints the report', async () => {
    const r = await agc(['--baseline', baseline, '--canary', worse, '--json']);
    const report = JSON.parse(r.out) as GateReport;
    expect(report.verdict).toBe('fail');
    expect(report.exitCode).toBe(1);
    expect(report.metrics.map((m) => m.name)).toContain('slo_burn');
    expect(r.code).toBe(1);
  });

  it('--config overrides the defaults', async () => {
    const config = join(dir, 'gate.yaml');
    writeFileSync(
      config,
      'apiVersion: agc/v1\nkind: Gate\nmetadata: { name: tiny }\nspec:\n  groups:\n    - name: all\n      weight: 1\n      metrics:\n        - { name: errors, measure: tool_error_rate, minSamples: 10 }\n',
    );
    const r = await agc(['--baseline', baseline, '--canary', few, '--config', config, '--json']);
    const report = JSON.parse(r.out) as GateReport;
    expect(report.config).toBe('tiny');
    expect(report.metrics).toHaveLength(1);
    expect(report.verdict).toBe('pass');
  });
});

describe('agc gate: usage and input errors exit 2 with one line each', () => {
  it.each([
    ['no baseline', ['--canary', 'x'], /^agc gate: --baseline is required\n$/],
    [
      'both canaries',
      ['--baseline', 'x', '--canary', 'y', '--canary-command', 'z'],
      /exactly one of --canary and --canary-command/,
    ],
    ['no canary', ['--baseline', 'x'], /exactly one of --canary and --canary-command/],
    [
      'window without prometheus',
      ['--baseline', 'x', '--canary', 'y', '--window', '5m'],
      /--window applies to --prometheus only/,
    ],
    [
      'bad selector',
      ['--prometheus', 'http://127.0.0.1:1', '--baseline', '{a=b}', '--canary', '{}'],
      /selector '\{a=b\}': expected a quoted value/,
    ],
    [
      'bad window',
      [
        '--prometheus',
        'http://127.0.0.1:1',
        '--baseline',
        '{}',
        '--canary',
        '{}',
        '--window',
        'soon',
      ],
      /--window: 'soon' is not a duration/,
    ],
    [
      'shadow with prometheus',
      ['--prometheus', 'http://x', '--baseline', '{}', '--canary-command', 'x'],
      /judges recordings, not --prometheus/,
    ],
    [
      'missing recording',
      ['--baseline', '/nonexistent.jsonl', '--canary', '/nonexistent.jsonl'],
      /^agc gate: \/nonexistent\.jsonl: no such file or folder\n$/,
    ],
    [
      'unreachable Prometheus',
      ['--prometheus', 'http://127.0.0.1:1', '--baseline', '{a="b"}', '--canary', '{a="c"}'],
      /^agc gate: prometheus query failed: /,
    ],
  ])('%s', async (_name, args, message) => {
    const r = await agc(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('an invalid gate file: one file:line:column line per problem', async () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(
      config,
      'apiVersion: agc/v1\nkind: Gate\nmetadata: { name: x }\nspec:\n  alpha: 2\n  nope: 1\n',
    );
    const r = await agc(['--baseline', baseline, '--canary', same, '--config', config]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      `${config}:5:10: spec.alpha: must be below 0.5`,
      `${config}:6:3: spec.nope: unknown field`,
    ]);
  });
});

describe('agc gate --canary-command', () => {
  it('judges the command recordings against the baseline (shell syntax allowed)', async () => {
    // A "canary" that copies the regressed recording into its record folder, as a governed
    // agent would write it there; the real re-run is covered in shadow.test.ts.
    const command = `node -e "require('fs').copyFileSync(process.argv[1], require('path').join(process.env.AGC_RECORD_DIR, 'c.jsonl'))" ${worse}`;
    const r = await agc(['--baseline', baseline, '--canary-command', command]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`canary   shadow: ${command}`);
  });

  it('a failing command is an input error', async () => {
    const r = await agc(['--baseline', baseline, '--canary-command', 'exit 4', '--timeout', '10s']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('agc gate: canary command exited with code 4\n');
  });
});

describe('agc gate serve', () => {
  it('takes its own options after `serve`, serves until SIGINT', async () => {
    const running = program().parseAsync([
      'node',
      'agc',
      'gate',
      'serve',
      '--port',
      '0',
      '--recordings',
      dir,
      '--window',
      '10m',
    ]);
    const deadline = Date.now() + 10_000;
    while (!output.out().includes('listening on') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /listening on (\S+)/.exec(output.out())?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/gate$/);
    const response = await fetch(`${url}?baseline=baseline.jsonl&canary=same.jsonl`);
    expect(((await response.json()) as { verdict: string }).verdict).toBe('pass');
    process.emit('SIGINT');
    await running;
    expect(process.exitCode ?? 0).toBe(0);
  });

  it.each([
    [
      'a bad port',
      ['--port', 'eighty', '--recordings', '.'],
      /--port 'eighty' is not a port number/,
    ],
    ['no source', ['--port', '0'], /give --prometheus URL, --recordings DIR, or both/],
    [
      'a bad window',
      ['--port', '0', '--recordings', '.', '--window', 'x'],
      /--window: 'x' is not a duration/,
    ],
  ])('%s: exit 2', async (_name, args, message) => {
    await program().parseAsync(['node', 'agc', 'gate', 'serve', ...args]);
    expect(process.exitCode).toBe(2);
    expect(output.err()).toMatch(message);
  });
});
