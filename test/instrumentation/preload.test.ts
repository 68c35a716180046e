import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyRecording } from '../../replay/index.js';
import type { ChainRun } from '../../replay/index.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/preload');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  dir: string;
}

function run(
  args: string[],
  env: Record<string, string> = {},
  onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void,
): Promise<Run> {
  if (!existsSync(join(ROOT, 'dist/cjs/index.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  const dir = mkdtempSync(join(tmpdir(), 'agc-preload-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        AGC_RECORD_DIR: dir,
        AGC_METRICS_PORT: '0',
        AGC_POLICY: join(FIXTURES, 'policy.yaml'),
        ...env,
      },
      timeout: 20_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, (s) => child.kill(s));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, dir }));
  });
}

const toolSpans = (dir: string): string[] =>
  readRecordedSpans(dir)
    .filter((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool')
    .map(
      (s) =>
        `${String(s.attributes['gen_ai.tool.name'])}:${String(s.attributes['agc.policy.decision'])}`,
    );

describe('the preload sets everything up from the environment', () => {
  const cells: [string, string[]][] = [
    ['CJS app, --require @agc/otel', ['--require', '@agc/otel', join(FIXTURES, 'app.cjs')]],
    ['ESM app, --require @agc/otel', ['--require', '@agc/otel', join(FIXTURES, 'app.mjs')]],
    [
      'ESM app, --import @agc/otel/register',
      ['--import', '@agc/otel/register', join(FIXTURES, 'app.mjs')],
    ],
    [
      'CJS app, --import @agc/otel/register',
      ['--import', '@agc/otel/register', join(FIXTURES, 'app.cjs')],
    ],
  ];
  it.each(cells)('%s: governs, enforces and records', async (_name, args) => {
    const r = await run(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ search: 'ok', denied: 'policy', ran: ['web_search'] });
    expect(toolSpans(r.dir)).toEqual(['web_search:allow', 'file_write:deny']);
  });

  it('NODE_OPTIONS="--require @agc/otel" works for any launcher', async () => {
    const r = await run([join(FIXTURES, 'app.mjs')], { NODE_OPTIONS: '--require @agc/otel' });
    expect(toolSpans(r.dir)).toEqual(['web_search:allow', 'file_write:deny']);
  });

  it.each([
    ['--require', '@agc/otel'],
    ['--import', '@agc/otel/register'],
  ])('governs worker threads too (%s)', async (flag, entry) => {
    const r = await run([flag, entry, join(FIXTURES, 'worker-app.mjs')]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ search: 'ok', denied: 'policy', ran: ['web_search'] });
    expect(toolSpans(r.dir)).toEqual(['web_search:allow', 'file_write:deny']);
  });

  it('a plain require/import has no side effects', async () => {
    const r = await run([
      '-e',
      "require('@agc/otel'); import('@agc/otel').then(() => console.log('loaded'))",
    ]);
    expect(r.stdout.trim()).toBe('loaded');
    expect(readRecordedSpans(r.dir)).toEqual([]);
  });

  it('an invalid policy refuses to start: one line with file:line:column, exit 78', async () => {
    const broken = join(FIXTURES, 'broken-policy.yaml');
    const r = await run(['--require', '@agc/otel', join(FIXTURES, 'app.cjs')], {
      AGC_POLICY: broken,
    });
    expect(r.code).toBe(78);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `@agc/otel: invalid policy, refusing to start: ${broken}:8:13: CEL: no such overload: string == int\n`,
    );
  });

  it('AGC_MODE=audit starts anyway without the invalid policy, and says so', async () => {
    const r = await run(['--require', '@agc/otel', join(FIXTURES, 'app.cjs')], {
      AGC_POLICY: join(FIXTURES, 'broken-policy.yaml'),
      AGC_MODE: 'audit',
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^@agc\/otel: invalid policy, running in audit mode without it: .*broken-policy.yaml:8:13/,
    );
    expect(JSON.parse(r.stdout).ran).toEqual(['web_search', 'file_write']);
  });

  it('an invalid SLO spec (AGC_SLO) refuses to start the same way', async () => {
    const broken = join(FIXTURES, 'broken-slo.yaml');
    const r = await run(['--require', '@agc/otel', join(FIXTURES, 'app.cjs')], { AGC_SLO: broken });
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(
      new RegExp(`^@agc/otel: invalid SLO spec, refusing to start: ${broken}:5:14: .+\\n$`),
    );
  });

  it('a bad chaos spec (AGC_CHAOS) refuses to start with one line', async () => {
    const broken = join(ROOT, 'test/fixtures/chaos/broken.yaml');
    const r = await run(['--require', '@agc/otel', join(FIXTURES, 'app.cjs')], {
      AGC_CHAOS: broken,
    });
    expect(r.code).toBe(78);
    expect(r.stderr).toBe(
      `@agc/otel: refusing to start: ${broken}:8:29: spec.faults.1.probability: Too big: expected number to be <=1\n`,
    );
  });

  it('an invalid variable refuses to start with exit 78', async () => {
    const r = await run(['--require', '@agc/otel', join(FIXTURES, 'app.cjs')], {
      AGC_MODE: 'strict',
    });
    expect(r.code).toBe(78);
    expect(r.stderr).toBe(
      "@agc/otel: invalid configuration, refusing to start: AGC_MODE='strict': expected enforce, audit or off\n",
    );
  });

  it('OTEL_SDK_DISABLED=true and AGC_MODE=off start nothing', async () => {
    const envs: Record<string, string>[] = [{ OTEL_SDK_DISABLED: 'true' }, { AGC_MODE: 'off' }];
    for (const env of envs) {
      const r = await run(['--require', '@agc/otel', join(FIXTURES, 'app.cjs')], env);
      expect(r.code).toBe(0);
      expect(readRecordedSpans(r.dir)).toEqual([]);
    }
  });
});

describe('the flight recorder keeps every span that ended before an abrupt end', () => {
  const steps = (dir: string): string[] => toolSpans(dir).filter((s) => s.startsWith('step'));
  /** The one run of DIR's recording, verified. */
  const verified = (dir: string): ChainRun | undefined => {
    const result = verifyRecording(recordingFiles(dir));
    expect(result.ok).toBe(true);
    expect(result.runs).toHaveLength(1);
    return result.runs[0];
  };
  it('process.exit(): every span, and a clean close', async () => {
    const r = await run(['--require', '@agc/otel', join(FIXTURES, 'abrupt.mjs'), 'exit', '40']);
    expect(r.code).toBe(3);
    expect(steps(r.dir)).toHaveLength(40);
    expect(verified(r.dir)?.closed).toBe(true);
  });

  it('an uncaught exception: every span, and a clean close', async () => {
    const r = await run(['--require', '@agc/otel', join(FIXTURES, 'abrupt.mjs'), 'throw', '40']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('crash after calls');
    expect(steps(r.dir)).toHaveLength(40);
    expect(verified(r.dir)?.closed).toBe(true);
  });

  it('kill -9: what was flushed verifies, and verify says the run ends without a clean close', async () => {
    let sent = false;
    const r = await run(
      ['--require', '@agc/otel', join(FIXTURES, 'abrupt.mjs'), 'hang', '25'],
      {},
      (out, kill) => {
        if (!sent && out.includes('ready')) {
          sent = true;
          // After the recorder's 200 ms flush, before any clean ending.
          setTimeout(() => kill('SIGKILL'), 600);
        }
      },
    );
    expect(r.signal).toBe('SIGKILL');
    expect(steps(r.dir)).toHaveLength(25);
    expect(verified(r.dir)).toMatchObject({ closed: false, endConfirmed: false });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s from outside while the app is busy (and it still dies of it)',
    async (signal) => {
      let sent = false;
      const r = await run(
        ['--require', '@agc/otel', join(FIXTURES, 'abrupt.mjs'), 'hang', '25'],
        {},
        (out, kill) => {
          if (!sent && out.includes('ready')) {
            sent = true;
            kill(signal);
          }
        },
      );
      expect(r.signal).toBe(signal);
      expect(steps(r.dir)).toHaveLength(25);
      expect(verified(r.dir)?.closed).toBe(true);
    },
  );
});
