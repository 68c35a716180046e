import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readRecordingSync } from '../../recording/index.js';
import { freePort } from './free-port.js';

/** One way of combining the app's own OpenTelemetry setup with the preload. */
export interface LoadOrder {
  readonly name: string;
  /** Node arguments before the app; TRACING is the app's setup file. */
  readonly args: (tracing: string) => string[];
  readonly nodeOptions?: string;
  /** The app requires its setup itself, first thing. */
  readonly inCode?: boolean;
  /** No preload: the app calls startFromEnvironment() after its own setup. */
  readonly startInCode?: boolean;
}

/**
 * Theirs first, ours first, ours through NODE_OPTIONS (the README's and the Kubernetes guide's
 * spelling), theirs in code, the ESM preload, and no preload at all.
 */
export const LOAD_ORDERS: readonly LoadOrder[] = [
  { name: 'app setup first', args: (t) => ['--require', t, '--require', '@agc/otel'] },
  { name: 'preload first', args: (t) => ['--require', '@agc/otel', '--require', t] },
  {
    name: 'NODE_OPTIONS preload',
    args: (t) => ['--require', t],
    nodeOptions: '--require @agc/otel',
  },
  { name: 'setup in the app code', args: () => ['--require', '@agc/otel'], inCode: true },
  {
    name: '--import register, setup in code',
    args: () => ['--import', '@agc/otel/register'],
    inCode: true,
  },
  { name: 'no preload, started in code', args: () => [], inCode: true, startInCode: true },
];

/** Where and how to run the fixture app (`test/fixtures/own-otel`). */
export interface OwnOtelRun {
  /** The Node binary. */
  readonly node: string;
  /** Working directory: where `@agc/otel` and the app's SDK resolve from. */
  readonly cwd: string;
  /** The folder holding the fixture files (relative to CWD or absolute). */
  readonly fixtures: string;
  /** The app's setup file in it. */
  readonly setup: string;
  readonly order: LoadOrder;
  /** More environment (e.g. which package has the SDK's span processors). */
  readonly env?: Record<string, string>;
  /** The app: CommonJS, or its ESM spelling. @default 'app.cjs' */
  readonly app?: 'app.cjs' | 'app.mjs';
}

interface AppSpan {
  readonly name: string;
  readonly traceId: string;
  readonly attributes: Record<string, unknown>;
}

/**
 * Runs the fixture app with its own SDK and two governed calls (one denied) and asserts what a
 * user relies on: nothing on stderr, the app's exporter got its own span and both governed tool
 * spans in one trace, our recording holds both calls with their decisions, /metrics counted them.
 */
export async function expectAttachedRun(run: OwnOtelRun): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agc-own-otel-'));
  const port = await freePort();
  const { order } = run;
  const child = spawnSync(
    run.node,
    [...order.args(`./${join(run.fixtures, run.setup)}`), join(run.fixtures, run.app ?? 'app.cjs')],
    {
      cwd: run.cwd,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        ...(order.nodeOptions !== undefined && { NODE_OPTIONS: order.nodeOptions }),
        APP_TRACING: run.setup,
        APP_TRACING_IN_CODE: order.inCode === true ? '1' : '0',
        APP_START_IN_CODE: order.startInCode === true ? '1' : '0',
        APP_SPANS_FILE: join(dir, 'app-spans.jsonl'),
        APP_RESULT_FILE: join(dir, 'result.json'),
        AGC_POLICY: join(run.cwd, run.fixtures, 'policy.yaml'),
        AGC_RECORD_DIR: join(dir, 'recordings'),
        AGC_METRICS_PORT: String(port),
        ...run.env,
      },
    },
  );
  // No "Attempted duplicate registration of API" (or anything else) on stderr.
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);

  const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as {
    ran: string[];
    metrics: string;
  };
  expect(result.ran).toEqual(['lookup', 'denied:PolicyDeniedError']);

  // The recorder's checkpoints (root spans of their own) leave the process through the app's
  // pipeline too, by design; whether one was due before the app exited depends on timing.
  const appSpans = readFileSync(join(dir, 'app-spans.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AppSpan)
    .filter((s) => s.name !== 'agc.recording.checkpoint');
  const byName = new Map(appSpans.map((s) => [s.name, s]));
  expect([...byName.keys()].sort()).toEqual([
    'app.work',
    'execute_tool delete_all',
    'execute_tool lookup',
  ]);
  expect(byName.get('execute_tool lookup')?.attributes['agc.policy.decision']).toBe('allow');
  expect(byName.get('execute_tool delete_all')?.attributes['agc.policy.decision']).toBe('deny');
  expect(new Set(appSpans.map((s) => s.traceId)).size).toBe(1);

  const recorded = readRecordingSync([join(dir, 'recordings')]).filter((s) =>
    s.name.startsWith('execute_tool '),
  );
  expect(recorded.map((s) => [s.name, s.attributes['agc.policy.decision']]).sort()).toEqual([
    ['execute_tool delete_all', 'deny'],
    ['execute_tool lookup', 'allow'],
  ]);

  expect(result.metrics).toMatch(
    /agc_tool_calls_total\{agent="own-otel-agent",tool="lookup",decision="allow"[^}]*\} 1/,
  );
  expect(result.metrics).toMatch(
    /agc_tool_calls_total\{agent="own-otel-agent",tool="delete_all",decision="deny"[^}]*\} 1/,
  );
}
