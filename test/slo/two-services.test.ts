import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAnomalyRules, renderAnomalyRules } from '../../anomaly/index.js';
import { parseSloSpecs, renderSloRules } from '../../slo/index.js';
import { freePort } from '../helpers/free-port.js';
import { startPrometheus, waitForQuery } from '../helpers/prometheus-server.js';
import type { RunningPrometheus, Sample } from '../helpers/prometheus-server.js';

// Two services of one fleet, scraped by one real Prometheus as jobs svc-ok and svc-flaky, under
// the rules `agc slo rules` and `agc anomaly rules` generate: each service's SLI must be its own
// (a sum over both would report one blended error ratio for the two).

const ROOT = join(import.meta.dirname, '../..');
const APP = join(ROOT, 'test/fixtures/slo/service-app.mjs');
const SLO = `
apiVersion: agc/v1
kind: SLO
metadata: { name: fetch-success }
spec:
  objective: 99
  window: 30d
  sli: { kind: tool_success }
`;

let prometheus: RunningPrometheus | undefined;
const services: ChildProcess[] = [];

async function startService(failEvery: number): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--require', '@agc/otel', APP], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      AGC_METRICS_PORT: String(port),
      AGC_RECORD: 'off',
      FAIL_EVERY: String(failEvery),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  services.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`service exited with ${code}`)));
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
  });
  return `127.0.0.1:${port}`;
}

const byJob = (samples: Sample[]): Record<string, number> =>
  Object.fromEntries(samples.map((s) => [s.labels.job ?? '', s.value]));

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agc-two-services-'));
  const sloRules = join(dir, 'slo.rules.yaml');
  const anomalyRules = join(dir, 'anomaly.rules.yaml');
  writeFileSync(sloRules, renderSloRules(parseSloSpecs(SLO)));
  writeFileSync(
    anomalyRules,
    renderAnomalyRules(generateAnomalyRules({ frequency: { bucketMs: 2000 } })),
  );
  const [ok, flaky] = [await startService(0), await startService(4)];
  prometheus = await startPrometheus(
    [
      { address: ok, labels: { job: 'svc-ok' } },
      { address: flaky, labels: { job: 'svc-flaky' } },
    ],
    [sloRules, anomalyRules],
  );
}, 60_000);

afterAll(async () => {
  for (const child of services) child.kill('SIGTERM');
  await prometheus?.stop();
});

describe('two services in one Prometheus', () => {
  it('each has its own SLI events, error ratio and burn rate (job kept)', async () => {
    const url = (prometheus as RunningPrometheus).url;
    const ratios = byJob(
      await waitForQuery(
        url,
        'agc_slo:sli_error:ratio_rate5m{slo="fetch-success"}',
        (_, samples) => samples.length === 2,
        30_000,
      ),
    );
    expect(Object.keys(ratios).sort()).toEqual(['svc-flaky', 'svc-ok']);
    expect(ratios['svc-ok']).toBe(0);
    // One call in four fails.
    expect(ratios['svc-flaky']).toBeGreaterThan(0.2);
    expect(ratios['svc-flaky']).toBeLessThan(0.3);
    const events = byJob(
      await waitForQuery(url, 'agc_slo:sli_events:increase5m{slo="fetch-success"}', (v) =>
        v.every((x) => x > 0),
      ),
    );
    expect(Object.keys(events).sort()).toEqual(['svc-flaky', 'svc-ok']);
    const burn = byJob(
      await waitForQuery(
        url,
        'agc_slo:burn_rate:ratio5m{slo="fetch-success"}',
        (_, s) => s.length === 2,
      ),
    );
    expect(burn['svc-ok']).toBe(0);
    expect(burn['svc-flaky']).toBeGreaterThan(20); // 25 % errors on a 1 % budget
  }, 60_000);

  it('the anomaly rules count each service’s agent apart', async () => {
    const url = (prometheus as RunningPrometheus).url;
    const counts = await waitForQuery(
      url,
      'job_agent:agc_tool_calls:increase2s{agent="worker"}',
      (_, samples) => samples.length === 2,
      30_000,
    );
    expect(Object.keys(byJob(counts)).sort()).toEqual(['svc-flaky', 'svc-ok']);
  }, 60_000);
});
