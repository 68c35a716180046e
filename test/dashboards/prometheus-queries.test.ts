// Every query of every generated panel, run by a real Prometheus (Debian's 2.42) scraping a real
// governed run's /metrics: each must parse and return data. Also the variables' label values and
// the governance rules evaluated on that data. Needs `npm run build` (dist/) and prometheus.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS, dashboardQueries, renderGovernanceAlerts } from '../../dashboards/index.js';
import { freePort } from '../helpers/free-port.js';
import { prometheusPath } from '../helpers/prometheus-server.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/dashboards');
const SERVICE = 'dashboards-demo';
/** What Grafana would put in: the demo's service, "All" for the rest, 1s scrapes. */
const VALUES: Record<string, string> = {
  service: SERVICE,
  agent: '.*',
  tool: '.*',
  slo: '.*',
  __rate_interval: '1m',
  __range: '5m',
  __interval: '15s',
};

function substitute(expr: string): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => VALUES[name] ?? whole);
}

interface PromResult {
  status: string;
  error?: string;
  data?: {
    resultType: string;
    result: { metric: Record<string, string>; value: [number, string] }[];
  };
}

let prometheusUrl = '';
async function query(expr: string): Promise<PromResult> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return (await res.json()) as PromResult;
}
async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${prometheusUrl}${path}`);
  return ((await res.json()) as { data: T }).data;
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}

function stop(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let dir = '';
let demo: ChildProcess | undefined;
let prometheus: ChildProcess | undefined;
let demoSummary: Record<string, number> = {};
let demoLog = '';

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cjs/index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  }
  const prometheusBin = prometheusPath();
  dir = mkdtempSync(join(tmpdir(), 'agc-dashboards-prom-'));
  copyFileSync(join(FIXTURES, 'policy.yaml'), join(dir, 'policy.yaml'));
  const [metricsPort, promPort, deadPort] = [await freePort(), await freePort(), await freePort()];

  demo = spawn(process.execPath, ['--require', '@agc/otel', join(FIXTURES, 'metrics-demo.mjs')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      OTEL_SERVICE_NAME: SERVICE,
      // The demo calls govern() itself: no framework to hook. (With the ESM loader hook on, Node 20
      // also runs the --require preload in the hooks thread, whose second runtime takes the
      // metrics port and leaves /metrics unanswered: reported to the runtime owner.)
      AGC_ESM_HOOK: 'off',
      AGC_POLICY: join(dir, 'policy.yaml'),
      AGC_SLO: join(FIXTURES, 'slos.yaml'),
      AGC_METRICS_PORT: String(metricsPort),
      AGC_RECORD_DIR: join(dir, 'recordings'),
      // Nothing listens there: export failures are counted (agc_exporter_spans_total{result="failed"}).
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${deadPort}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo.stdout?.on('data', (d: Buffer) => (demoLog += d.toString()));
  demo.stderr?.on('data', (d: Buffer) => (demoLog += d.toString()));
  const ready = await waitFor('the demo run (READY)', 40_000, async () => {
    if (demo?.exitCode !== null) throw new Error(`demo exited ${demo?.exitCode}:\n${demoLog}`);
    return /^READY (.*)$/m.exec(demoLog)?.[1];
  });
  demoSummary = JSON.parse(ready) as Record<string, number>;

  writeFileSync(join(dir, 'rules.yaml'), renderGovernanceAlerts());
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'rule_files: [rules.yaml]',
      'scrape_configs:',
      `  - job_name: ${SERVICE}`,
      `    static_configs: [{ targets: ['127.0.0.1:${metricsPort}'] }]`,
      '',
    ].join('\n'),
  );
  prometheus = spawn(
    prometheusBin,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  prometheusUrl = `http://127.0.0.1:${promPort}`;
  await waitFor('prometheus /-/ready', 20_000, async () =>
    (await fetch(`${prometheusUrl}/-/ready`)).ok ? true : undefined,
  );
  // Rates need at least two samples in their window; wait for eight scrapes of the demo.
  await waitFor('8 scrapes of the demo', 30_000, async () => {
    const r = await query(`count_over_time(agc_runtime_info{job="${SERVICE}"}[1m]) >= 8`);
    return (r.data?.result.length ?? 0) > 0 ? true : undefined;
  });
}, 90_000);

afterAll(async () => {
  await Promise.all([stop(demo, 3_000), stop(prometheus, 5_000)]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the demo run', () => {
  it('made every kind of decision the dashboards chart', () => {
    for (const outcome of [
      'allow',
      'error',
      'deny/policy',
      'deny/rate_limit',
      'deny/budget',
      'deny/quarantine',
      'deny/circuit',
    ]) {
      expect(demoSummary[outcome], outcome).toBeGreaterThan(0);
    }
  });
});

const cases = DASHBOARDS.flatMap((entry) => {
  const dashboard = entry.build();
  return dashboardQueries(dashboard).map(
    (q) => [dashboard.uid ?? '', q.panel, q.refId, q.expr] as const,
  );
});

describe('every panel query returns data from Prometheus', () => {
  it.for(cases)('%s / %s (%s)', async ([, , , expr]) => {
    const promql = substitute(expr);
    const result = await query(promql);
    expect(result.error, promql).toBeUndefined();
    expect(result.status).toBe('success');
    const series = result.data?.result ?? [];
    expect(series.length, `no series for ${promql}`).toBeGreaterThan(0);
    expect(
      series.some((s) => !Number.isNaN(Number(s.value[1]))),
      `only NaN for ${promql}`,
    ).toBe(true);
  });
});

describe('the variables list the demo’s services, agents, tools and SLOs', () => {
  const expected: Record<string, string[]> = {
    service: [SERVICE],
    agent: ['intruder-1', 'researcher-1', 'support-1'],
    tool: ['db_query', 'file_read', 'flaky_api', 'send_email', 'web_search'],
    slo: ['flaky-api', 'search-latency', 'support-deny-ratio', 'tool-success'],
  };
  const variableCases = DASHBOARDS.flatMap((entry) => {
    const dashboard = entry.build();
    return (dashboard.templating.list ?? [])
      .filter((v) => (v.type as string) === 'query')
      .map(
        (v) => [dashboard.uid ?? '', v.name, typeof v.query === 'string' ? v.query : ''] as const,
      );
  });
  it.each(variableCases)('%s: $%s from %s', async (_uid, name, text) => {
    const parsed = /^label_values\((.*),\s*(\w+)\)$/.exec(text);
    expect(parsed).not.toBeNull();
    const [, selector, label] = parsed as unknown as [string, string, string];
    const result = await query(`group by (${label}) (${substitute(selector)})`);
    const values = (result.data?.result ?? []).map((s) => s.metric[label]).sort();
    expect(values).toEqual(expected[name]);
  });
});

describe('the governance rules on the demo’s data', () => {
  interface Rule {
    name: string;
    health: string;
    lastError?: string;
    type: string;
  }
  interface Alert {
    labels: Record<string, string>;
    state: string;
  }

  it('evaluate without errors', async () => {
    const data = await waitFor('rules evaluated', 10_000, async () => {
      const d = await get<{
        groups: { name: string; rules: (Rule & { lastEvaluation: string })[] }[];
      }>('/api/v1/rules');
      const rules = d.groups.flatMap((g) => g.rules);
      return rules.every((r) => !r.lastEvaluation.startsWith('0001')) ? rules : undefined;
    });
    expect(data.length).toBe(13);
    expect(data.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual(
      [],
    );
  });

  it('fire on the quarantine and the failed reload, and hold failing exports pending', async () => {
    const alerts = await waitFor('alerts', 10_000, async () => {
      const a = (await get<{ alerts: Alert[] }>('/api/v1/alerts')).alerts;
      return a.some((x) => x.labels.alertname === 'AgcPolicyReloadFailed') ? a : undefined;
    });
    const summary = alerts
      .map((a) =>
        `${a.labels.alertname} ${a.labels.agent ?? a.labels.exporter ?? ''} ${a.state}`.replace(
          '  ',
          ' ',
        ),
      )
      .sort();
    expect(summary).toContain('AgcAgentQuarantineStarted intruder-1 firing');
    expect(summary).toContain('AgcPolicyReloadFailed firing');
    expect(summary).toContain('AgcSpanExportFailing otlp pending');
    // Nothing is lost by the recorder and nothing fails inside the runtime in this run.
    expect(summary.filter((s) => /Recorder|Internal/.test(s))).toEqual([]);
  });
});
