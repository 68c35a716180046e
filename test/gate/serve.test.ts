import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  DEFAULT_GATE_CONFIG,
  GATE_PATH,
  GATE_QUERY_PATH,
  PrometheusClient,
  loadGateSlos,
  startGateServer,
} from '../../gate/index.js';
import type { GateServer } from '../../gate/index.js';
import { startLiveArms } from './support/live-arms.js';
import type { LiveSetup } from './support/live-arms.js';
import { writeRecording } from './support/synthetic-recording.js';

const EXAMPLES = join(import.meta.dirname, '../../examples/gate');
const slos = loadGateSlos([]);

/** One sample of an instant vector. */
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** What the server answers: a report, an error, or a Prometheus API document. */
interface Reply {
  readonly verdict?: string;
  readonly exitCode?: number;
  readonly score?: number;
  readonly canary?: unknown;
  readonly error?: string;
  readonly status?: string;
  readonly errorType?: string;
  readonly data: {
    readonly resultType: string;
    readonly result: [Sample, ...Sample[]];
  };
}

/** The fields of the shipped templates the tests read. */
interface ArgoMetric {
  successCondition: string;
  failureCondition: string;
  inconclusiveLimit: number;
  provider: { web: { method: string; url: string; jsonPath: string; jsonBody: unknown } };
}
interface ArgoTemplate {
  apiVersion: string;
  kind: string;
  spec: {
    args: { name: string; value?: string }[];
    metrics: [ArgoMetric, ...ArgoMetric[]];
  };
}
interface FlaggerTemplate {
  apiVersion: string;
  kind: string;
  spec: { provider: { type: string; address: string }; query: string };
}

async function get(url: string): Promise<{ status: number; body: Reply | string }> {
  const response = await fetch(url);
  const text = await response.text();
  return {
    status: response.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Reply) : text,
  };
}

async function getJson(url: string): Promise<{ status: number; body: Reply }> {
  const r = await get(url);
  if (typeof r.body === 'string') throw new Error(`not JSON: ${r.body}`);
  return { status: r.status, body: r.body };
}

async function post(url: string, body: unknown): Promise<{ status: number; body: Reply }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Reply };
}

describe('agc gate serve: recordings', () => {
  let server: GateServer;
  let base = '';
  const dir = mkdtempSync(join(tmpdir(), 'agc-gate-serve-'));

  beforeAll(async () => {
    writeRecording(dir, 'baseline', { seed: 41, runs: 250 });
    writeRecording(dir, 'same', { seed: 42, runs: 250 });
    writeRecording(dir, 'worse', { seed: 43, runs: 250, errorRate: 0.1 });
    server = startGateServer({ config: DEFAULT_GATE_CONFIG, slos, port: 0, recordingsRoot: dir });
    base = await server.url;
  });

  afterAll(() => server.close());

  it('GET /v1/gate judges recordings under the folder and answers 200 with the report', async () => {
    const bad = await getJson(`${base}${GATE_PATH}?baseline=baseline.jsonl&canary=worse.jsonl`);
    expect(bad.status).toBe(200);
    expect(bad.body.verdict).toBe('fail');
    expect(bad.body.exitCode).toBe(1);
    expect(bad.body.canary).toEqual({ label: 'worse.jsonl', runs: 250, calls: expect.any(Number) });
    const good = await post(`${base}${GATE_PATH}`, {
      baseline: ['baseline.jsonl'],
      canary: 'same.jsonl',
    });
    expect(good.body.verdict).toBe('pass');
    expect(good.body.score).toBe(100);
  });

  it('the Prometheus shim answers agc_gate_verdict and agc_gate_score as instant vectors', async () => {
    const query = (q: string) =>
      getJson(`${base}${GATE_QUERY_PATH}?${new URLSearchParams({ query: q }).toString()}`);
    const verdict = await query(
      'agc_gate_verdict{source="recordings",baseline="baseline.jsonl",canary="worse.jsonl"}',
    );
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ status: 'success', data: { resultType: 'vector' } });
    expect(verdict.body.data.result).toHaveLength(1);
    expect(verdict.body.data.result[0].metric).toEqual({
      __name__: 'agc_gate_verdict',
      verdict: 'fail',
    });
    expect(verdict.body.data.result[0].value[1]).toBe('1');
    const score = await query(
      'agc_gate_score{source="recordings",baseline="baseline.jsonl",canary="same.jsonl"}',
    );
    expect(score.body.data.result[0].value[1]).toBe('100');
    const wrong = await query('rate(x[5m])');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
  });

  it.each([
    [
      'a path outside the folder',
      '?baseline=../../etc/passwd&canary=same.jsonl',
      400,
      /outside the recordings folder/,
    ],
    ['a missing arm', '?baseline=baseline.jsonl', 400, /missing canary/],
    ['a bad window', '?baseline=a&canary=b&window=soon', 400, /window: 'soon' is not a duration/],
    ['a source the server lacks', '?source=prometheus&baseline=a&canary=b', 400, /no Prometheus/],
    [
      'an unknown source',
      '?source=files&baseline=a&canary=b',
      400,
      /source must be prometheus or recordings/,
    ],
    [
      'a recording that does not exist',
      '?baseline=baseline.jsonl&canary=nope.jsonl',
      502,
      /no such file/,
    ],
  ])('%s is refused', async (_name, query, status, error) => {
    const r = await getJson(`${base}${GATE_PATH}${query}`);
    expect(r.status).toBe(status);
    expect(r.body.error).toMatch(error);
  });

  it('health, unknown paths and methods', async () => {
    expect(await get(`${base}/healthz`)).toEqual({ status: 200, body: 'ok\n' });
    expect((await get(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}${GATE_PATH}`, { method: 'PUT' })).status).toBe(405);
    const notJson = await fetch(`${base}${GATE_PATH}`, { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
  });
});

describe('shipped Argo Rollouts and Flagger templates against the gate and a real Prometheus', () => {
  let live: LiveSetup | undefined;
  let server: GateServer | undefined;
  let base = '';
  const argo = parse(
    readFileSync(join(EXAMPLES, 'argo-analysis-template.yaml'), 'utf8'),
  ) as ArgoTemplate;
  const flaggerText = readFileSync(join(EXAMPLES, 'flagger-metric-template.yaml'), 'utf8');
  const flagger = parse(flaggerText) as FlaggerTemplate;
  // The server flags the Flagger template documents.
  const template = /--selector-template '([^']+)'/.exec(flaggerText)?.[1] ?? '';

  beforeAll(async () => {
    live = await startLiveArms(
      [
        {
          name: 'primary',
          errorRate: 0.02,
          seed: 7,
          labels: {
            rollouts_pod_template_hash: 'stable1',
            app: 'podinfo-primary',
            namespace: 'test',
          },
        },
        {
          name: 'canary',
          errorRate: 0.12,
          seed: 8,
          labels: { rollouts_pod_template_hash: 'canary1', app: 'podinfo', namespace: 'test' },
        },
        {
          name: 'good',
          errorRate: 0.02,
          seed: 9,
          labels: { rollouts_pod_template_hash: 'good1', app: 'other', namespace: 'test' },
        },
      ],
      4,
      300,
    );
    server = startGateServer({
      config: DEFAULT_GATE_CONFIG,
      slos,
      port: 0,
      prometheus: { client: new PrometheusClient(live.prometheus.url), selectorTemplate: template },
    });
    base = await server.url;
  }, 90_000);

  afterAll(async () => {
    await server?.close();
    await live?.stop();
  });

  it('Argo AnalysisTemplate: fields, URL path and JSON body match the server', async () => {
    expect(argo.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(argo.kind).toBe('AnalysisTemplate');
    const metric = argo.spec.metrics[0];
    expect(metric.successCondition).toBe('result.verdict == "pass"');
    expect(metric.failureCondition).toBe('result.verdict == "fail"');
    expect(metric.inconclusiveLimit).toBeGreaterThanOrEqual(1);
    const web = metric.provider.web;
    expect(['GET', 'POST']).toContain(web.method);
    expect(new URL(web.url).pathname).toBe(GATE_PATH);
    expect(web.jsonPath).toBe('{$}');
    const argNames = argo.spec.args.map((a) => a.name);
    for (const [, name] of JSON.stringify(web.jsonBody).matchAll(/\{\{args\.([a-z-]+)\}\}/g)) {
      expect(argNames).toContain(name);
    }
  });

  /** Renders the Argo body for two hashes, calls the gate, applies jsonPath and the conditions. */
  async function argoOutcome(stable: string, canary: string): Promise<string> {
    const web = argo.spec.metrics[0].provider.web;
    const args: Record<string, string> = { 'stable-hash': stable, 'canary-hash': canary };
    for (const a of argo.spec.args) if (a.value !== undefined) args[a.name] ??= a.value;
    const body: unknown = JSON.parse(
      JSON.stringify(web.jsonBody).replace(
        /\{\{args\.([a-z-]+)\}\}/g,
        (_, n: string) => args[n] ?? '',
      ),
    );
    const r = await post(`${base}${new URL(web.url).pathname}`, body);
    expect(r.status).toBe(200);
    const result = r.body; // jsonPath {$}: the whole document
    const want = (condition: string) => /result\.verdict == "(\w+)"/.exec(condition)?.[1];
    const metric = argo.spec.metrics[0];
    if (result.verdict === want(metric.failureCondition)) return 'Failed';
    if (result.verdict === want(metric.successCondition)) return 'Successful';
    return 'Inconclusive';
  }

  it('Argo: a regressed canary is Failed, an equal one Successful', async () => {
    expect(await argoOutcome('stable1', 'canary1')).toBe('Failed');
    expect(await argoOutcome('stable1', 'good1')).toBe('Successful');
    // Hashes with no series: not enough data, the rollout pauses.
    expect(await argoOutcome('stable1', 'nothing')).toBe('Inconclusive');
  });

  it('Flagger MetricTemplate: the rendered query is answered as Flagger expects', async () => {
    expect(flagger.apiVersion).toBe('flagger.app/v1beta1');
    expect(flagger.kind).toBe('MetricTemplate');
    expect(flagger.spec.provider.type).toBe('prometheus');
    expect(template).toContain('{{arm}}');
    const vars: Record<string, string> = { target: 'podinfo', namespace: 'test', interval: '5m' };
    const query = String(flagger.spec.query)
      .trim()
      .replace(/\{\{\s*(\w+)\s*\}\}/g, (_, n: string) => vars[n] ?? '');
    const r = await getJson(
      `${base}${GATE_QUERY_PATH}?${new URLSearchParams({ query }).toString()}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('success');
    expect(r.body.data.resultType).toBe('vector');
    const [sample] = r.body.data.result;
    expect(sample.metric.verdict).toBe('fail');
    // thresholdRange { max: 0 }: anything but a pass halts the canary.
    expect(Number(sample.value[1])).toBeGreaterThan(0);
  });
});
