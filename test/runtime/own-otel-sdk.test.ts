import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecordingSync } from '../../recording/index.js';
import { freePort } from '../helpers/free-port.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = 'test/fixtures/own-otel';

interface Order {
  readonly name: string;
  /** Node arguments before the app; TRACING is the app's setup file. */
  readonly args: (tracing: string) => string[];
  readonly nodeOptions?: string;
  readonly inCode?: boolean;
  /** No preload: the app calls startFromEnvironment() after its own setup. */
  readonly startInCode?: boolean;
}

// The ways people combine their own OpenTelemetry setup with the preload: theirs first, ours
// first, ours through NODE_OPTIONS (the README's and the Kubernetes guide's spelling), theirs
// in code, and the ESM preload.
const ORDERS: readonly Order[] = [
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

const SETUPS = ['tracing-sdk.cjs', 'tracing-provider.cjs'] as const;

interface AppSpan {
  readonly name: string;
  readonly traceId: string;
  readonly attributes: Record<string, unknown>;
}

describe("an app with its own OpenTelemetry SDK: governance attaches, the app's export stays", () => {
  for (const setup of SETUPS) {
    for (const order of ORDERS) {
      it(`${setup}, ${order.name}`, async () => {
        if (!existsSync(join(ROOT, 'dist/cjs/index.js')))
          throw new Error('dist/ is missing: run `npm run build` (npm test does)');
        const dir = mkdtempSync(join(tmpdir(), 'agc-own-otel-'));
        const port = await freePort();
        const run = spawnSync(
          process.execPath,
          [...order.args(`./${FIXTURES}/${setup}`), join(ROOT, FIXTURES, 'app.cjs')],
          {
            cwd: ROOT,
            encoding: 'utf8',
            timeout: 30_000,
            env: {
              PATH: process.env.PATH,
              ...(order.nodeOptions !== undefined && { NODE_OPTIONS: order.nodeOptions }),
              APP_TRACING: setup,
              APP_TRACING_IN_CODE: order.inCode === true ? '1' : '0',
              APP_START_IN_CODE: order.startInCode === true ? '1' : '0',
              APP_SPANS_FILE: join(dir, 'app-spans.jsonl'),
              APP_RESULT_FILE: join(dir, 'result.json'),
              AGC_POLICY: join(ROOT, FIXTURES, 'policy.yaml'),
              AGC_RECORD_DIR: join(dir, 'recordings'),
              AGC_METRICS_PORT: String(port),
            },
          },
        );
        // No "Attempted duplicate registration of API" (or anything else) on stderr.
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);

        const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as {
          ran: string[];
          metrics: string;
        };
        expect(result.ran).toEqual(['lookup', 'denied:PolicyDeniedError']);

        // The app's own exporter: its own span and both governed tool spans, in one trace.
        const appSpans = readFileSync(join(dir, 'app-spans.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as AppSpan);
        const byName = new Map(appSpans.map((s) => [s.name, s]));
        expect([...byName.keys()].sort()).toEqual([
          'app.work',
          'execute_tool delete_all',
          'execute_tool lookup',
        ]);
        expect(byName.get('execute_tool lookup')?.attributes['agc.policy.decision']).toBe('allow');
        expect(byName.get('execute_tool delete_all')?.attributes['agc.policy.decision']).toBe(
          'deny',
        );
        expect(new Set(appSpans.map((s) => s.traceId)).size).toBe(1);

        // Our recorder saw both governed calls.
        const recorded = readRecordingSync([join(dir, 'recordings')]).filter((s) =>
          s.name.startsWith('execute_tool '),
        );
        expect(recorded.map((s) => [s.name, s.attributes['agc.policy.decision']]).sort()).toEqual([
          ['execute_tool delete_all', 'deny'],
          ['execute_tool lookup', 'allow'],
        ]);

        // And /metrics counted them.
        expect(result.metrics).toMatch(
          /agc_tool_calls_total\{agent="own-otel-agent",tool="lookup",decision="allow"[^}]*\} 1/,
        );
        expect(result.metrics).toMatch(
          /agc_tool_calls_total\{agent="own-otel-agent",tool="delete_all",decision="deny"[^}]*\} 1/,
        );
      }, 40_000);
    }
  }

  it('govern() without a started runtime says so once, loudly, and enforces nothing', () => {
    const run = spawnSync(
      process.execPath,
      [
        '-e',
        "const { govern } = require('@agc/otel'); for (const t of ['delete_all', 'lookup']) govern({ tool: t }, () => console.log('ran ' + t));",
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH, AGC_POLICY: join(ROOT, FIXTURES, 'policy.yaml') },
      },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('ran delete_all\nran lookup\n');
    expect(run.stderr.match(/govern\(\) ran without a started runtime/g)).toHaveLength(1);
    expect(run.stderr).toContain('startFromEnvironment()');
  });
});
