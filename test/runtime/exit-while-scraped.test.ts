import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';

const ROOT = join(import.meta.dirname, '../..');

/** The batch-agent fixture under `--require @agc/otel`, recording to a fresh folder. */
function spawnBatchAgent(env: Record<string, string>): ChildProcessWithoutNullStreams {
  if (!existsSync(join(ROOT, 'dist/cjs/index.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  return spawn(
    process.execPath,
    ['--require', '@agc/otel', join(ROOT, 'test/fixtures/exit/batch-agent.cjs')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        AGC_RECORD_DIR: mkdtempSync(join(tmpdir(), 'agc-exit-')),
        ...env,
      },
      timeout: 30_000,
    },
  );
}

// What a Prometheus scrape looks like to the process: one keep-alive connection reused for
// every scrape. Before the fix such a connection held the event loop and a batch agent never
// exited while it was scraped.
describe('a governed batch agent exits when its work is done', () => {
  it('while a keep-alive client scrapes /metrics every 100 ms', async () => {
    const port = await freePort();
    const child = spawnBatchAgent({ AGC_METRICS_PORT: String(port) });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let scrapes = 0;
    let doneAt = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const scraper = setInterval(() => {
      get({ host: '127.0.0.1', port, path: '/metrics', agent }, (res) => {
        res.resume();
        if (res.statusCode === 200) scrapes += 1;
      }).on('error', () => undefined);
    }, 100);
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('done')) doneAt = Date.now();
    });
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve) => child.on('close', (code, signal) => resolve({ code, signal })),
    );
    const lingered = Date.now() - doneAt;
    clearInterval(scraper);
    agent.destroy();
    expect(stderr).toBe('');
    expect(scrapes).toBeGreaterThan(3);
    expect(doneAt).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    // Generous for a shared machine: the bug held the process until the client stopped.
    expect(lingered).toBeLessThan(5_000);
  }, 40_000);
});

describe('a governed batch agent with a dead OTLP endpoint', () => {
  it('exits within OTEL_EXPORTER_OTLP_TIMEOUT of its last call, with one line and no stack', async () => {
    const port = await freePort(); // nothing listens there
    const child = spawnBatchAgent({
      AGC_METRICS_PORT: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
    });
    let doneAt = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('done')) doneAt = Date.now();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const lingered = Date.now() - doneAt;
    expect(code).toBe(0);
    expect(doneAt).toBeGreaterThan(0);
    expect(lingered).toBeLessThan(4_000); // the 1 s export timeout, plus a shared machine
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^@agc\/otel: shutdown failed: .*ECONNREFUSED/);
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 40_000);
});
