import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt } from '../frameworks/cell-runner.js';
import { readRecordedSpans } from '../helpers/recording.js';

// The README's story end to end, with the real preload and the real `agc` binary: record the
// demo agent (LangGraph) with content capture on, re-run it from the recording, and diff and
// verify the two recordings.

const ROOT = join(import.meta.dirname, '..', '..');
const TIMEOUT_MS = 120_000;

function runDemo(env: Record<string, string>): { out: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'agc-demo-replay-'));
  const run = spawnSync(process.execPath, ['--require', '@agc/otel', 'examples/demo/agent.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    env: {
      PATH: process.env.PATH ?? '',
      AGC_POLICY: 'examples/demo/agc.policy.yaml',
      AGC_RECORD_DIR: dir,
      AGC_METRICS_PORT: '0',
      AGC_WATCH_POLICY: 'off',
      ...env,
    },
  });
  expect(run.status, run.stderr).toBe(0);
  // The last lines name the recording file and the metrics endpoint, which differ per run.
  const out = run.stdout
    .split('\n')
    .filter((line) => !/^(recording|metrics):/.test(line))
    .join('\n');
  return { out, dir };
}

function agc(...args: string[]): { code: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'agc.cjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('the demo, re-executed from its recording', () => {
  it(
    'serves every model response and tool result; same output; diff clean; chain intact',
    () => {
      assertBuilt();
      const first = runDemo({ AGC_CAPTURE_CONTENT: 'true' });
      const again = runDemo({ AGC_REPLAY: first.dir });
      expect(again.out).toBe(first.out);
      expect(first.out).toMatch(/tool calls: .*allow.*deny/);

      const spans = readRecordedSpans(again.dir);
      const chats = spans.filter((s) => s.name.startsWith('chat '));
      expect(chats.length).toBeGreaterThan(5);
      for (const chat of chats) expect(chat.attributes['agc.replay.served']).toBe(true);
      const allowed = spans.filter(
        (s) => s.name.startsWith('execute_tool') && s.attributes['agc.policy.decision'] === 'allow',
      );
      expect(allowed.length).toBeGreaterThan(0);
      for (const tool of allowed) expect(tool.attributes['agc.replay.served']).toBe(true);

      const diff = agc('replay', 'diff', first.dir, again.dir, '--fail-on-change', '--json');
      expect(diff.code, diff.err).toBe(0);
      const report = JSON.parse(diff.out) as {
        counts: Record<string, number>;
        firstDivergence?: unknown;
      };
      expect(report.firstDivergence).toBeUndefined();
      expect(report.counts).toMatchObject({ changed: 0, removed: 0, added: 0 });
      const tools = spans.filter((s) => s.name.startsWith('execute_tool'));
      expect(report.counts.same).toBe(tools.length);

      const verify = agc('verify', again.dir);
      expect(verify.code, verify.err).toBe(0);
    },
    TIMEOUT_MS,
  );
});
