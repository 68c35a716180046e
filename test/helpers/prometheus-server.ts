import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** Absolute path of the Prometheus server; tests fail (not skip) without it, CI installs it. */
export function prometheusPath(): string {
  for (const candidate of [
    process.env.PROMETHEUS,
    '/usr/bin/prometheus',
    '/usr/local/bin/prometheus',
  ]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'prometheus not found: install Debian prometheus (apt-get install prometheus) or set PROMETHEUS',
  );
}

/** A Prometheus started for a test. */
export interface RunningPrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

/** One scrape target: `host:port` and the extra labels Prometheus attaches to its series. */
export interface Target {
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Starts Prometheus on a free loopback port with a temp storage folder, scraping TARGETS every
 * second (a target's `job` label overrides the job name), evaluating RULE_FILES (absolute paths)
 * every second, and waits until it is ready.
 */
export async function startPrometheus(
  targets: readonly Target[],
  ruleFiles: readonly string[] = [],
): Promise<RunningPrometheus> {
  const binary = prometheusPath();
  const dir = mkdtempSync(join(tmpdir(), 'agc-gate-prom-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    ...(ruleFiles.length > 0 ? ['rule_files:', ...ruleFiles.map((f) => `  - '${f}'`)] : []),
    'scrape_configs:',
    '  - job_name: agents',
    '    static_configs:',
    ...targets.flatMap((t) => [
      `      - targets: ['${t.address}']`,
      '        labels:',
      ...Object.entries(t.labels).map(([k, v]) => `          ${k}: '${v}'`),
    ]),
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`prometheus did not become ready: ${log}`);
    await sleep(200);
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One sample of an instant query: the series' labels and its value. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The instant vector QUERY returns now. */
export async function queryVector(url: string, query: string): Promise<Sample[]> {
  const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query }).toString()}`);
  const body = (await response.json()) as {
    data?: { result?: { metric: Record<string, string>; value: [number, string] }[] };
  };
  return (body.data?.result ?? []).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

/**
 * Waits until QUERY returns a non-empty vector that PREDICATE accepts (by default: its every
 * value); returns that vector.
 */
export async function waitForQuery(
  url: string,
  query: string,
  predicate: (values: number[], samples: Sample[]) => boolean,
  timeoutMs = 20_000,
): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await queryVector(url, query);
    const values = samples.map((s) => s.value);
    if (samples.length > 0 && predicate(values, samples)) return samples;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${query}: ${JSON.stringify(samples)}`);
    await sleep(250);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
