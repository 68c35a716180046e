import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecordedSpans } from '../helpers/recording.js';
import type { RecordedSpan } from '../helpers/recording.js';

export const ROOT = join(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'test/frameworks/fixtures');

/** How the app is started: `node --require @agc/otel` or `node --import @agc/otel/register`. */
export type Preload = 'require' | 'import';
export const PRELOAD_FLAGS: Record<Preload, string[]> = {
  require: ['--require', '@agc/otel'],
  import: ['--import', '@agc/otel/register'],
};

/** One finished child process of the matrix. */
export interface CellRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The JSON line the app printed last (undefined if it printed none). */
  readonly output: Record<string, unknown> | undefined;
  /** Every span recorded by the app (and by the processes it started). */
  readonly spans: RecordedSpan[];
  /** The app's recording directory (`AGC_RECORD_DIR`). */
  readonly recordDir: string;
}

/** Kill a child after this long (a hung framework must fail its cell, not the suite). */
const CHILD_TIMEOUT_MS = 90_000;

/** Fails with a clear message when the package is not built (`npm test` builds it first). */
export function assertBuilt(): void {
  for (const file of ['dist/cjs/index.js', 'dist/esm/index.js']) {
    if (!existsSync(join(ROOT, file))) {
      throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
    }
  }
}

/** Writes the policies of the matrix to a temporary directory; returns their paths. */
export function writePolicies(): { app: string; server: string } {
  const dir = mkdtempSync(join(tmpdir(), 'agc-frameworks-policy-'));
  const app = join(dir, 'app.policy.yaml');
  const server = join(dir, 'server.policy.yaml');
  writeFileSync(app, policy('frameworks', 'no-email', 'send_email', 'e-mail is not allowed'));
  writeFileSync(
    server,
    policy('mcp-server', 'no-deletes', 'delete_file', 'deleting files is not allowed'),
  );
  return { app, server };
}

function policy(name: string, rule: string, tool: string, reason: string): string {
  return [
    'apiVersion: agc/v1',
    'kind: Policy',
    `metadata: { name: ${name} }`,
    'spec:',
    '  mode: enforce',
    '  default: allow',
    '  rules:',
    `    - id: ${rule}`,
    `      tools: [${tool}]`,
    '      decision: deny',
    `      reason: ${reason}`,
    '',
  ].join('\n');
}

/**
 * Runs FILE (a fixture app) under PRELOAD with its own recording directory, on the Node binary
 * NODE (the one running the tests by default).
 */
export function runCell(
  file: string,
  preload: Preload,
  env: Record<string, string>,
  node: string = process.execPath,
): Promise<CellRun> {
  const dir = mkdtempSync(join(tmpdir(), 'agc-frameworks-'));
  return new Promise((resolve, reject) => {
    const child = spawn(node, [...PRELOAD_FLAGS[preload], file], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        AGC_RECORD_DIR: dir,
        AGC_METRICS_PORT: '0',
        AGC_WATCH_POLICY: 'off',
        ...env,
      },
      timeout: CHILD_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let output: Record<string, unknown> | undefined;
      try {
        output = JSON.parse(last) as Record<string, unknown>;
      } catch {
        output = undefined;
      }
      resolve({
        code,
        signal,
        stdout,
        stderr,
        output,
        spans: readRecordedSpans(dir),
        recordDir: dir,
      });
    });
  });
}

/** Runs TASKS with at most LIMIT at a time; each promise settles with its own task. */
export function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T>[] {
  let next = 0;
  const results = tasks.map(() => {
    let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
    const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    return { promise, settle };
  });
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      const result = results[i];
      if (task === undefined || result === undefined) continue;
      try {
        result.settle.resolve(await task());
      } catch (error) {
        result.settle.reject(error);
      }
    }
  };
  for (let i = 0; i < Math.min(limit, tasks.length); i++) void worker();
  return results.map((r) => r.promise);
}
