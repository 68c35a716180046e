import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  ANOMALY_DEFAULTS,
  AnomalyConfigError,
  FrequencyDetector,
  anomalyRuleNames,
  generateAnomalyRules,
  rawForScore,
  renderAnomalyRules,
  resolveAnomalyOptions,
} from '../../anomaly/index.js';
import { promtool, writeTempFiles } from '../helpers/promtool.js';
import { T0, bucketStream } from './events.js';

const GOLDEN = join(import.meta.dirname, '../fixtures/anomaly/anomaly-rules.golden.yaml');
const f = ANOMALY_DEFAULTS.frequency;
const BUCKET_MIN = f.bucketMs / 60_000;
const names = anomalyRuleNames(f.bucketMs);

/** A seeded stream of bucket counts around 10 (5..15), the same in both worlds. */
function noisyCounts(n: number, seed: number): number[] {
  let a = seed >>> 0;
  return Array.from({ length: n }, () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return 5 + (a % 11);
  });
}

/**
 * promtool input series (1-minute samples) of a counter whose increase over each bucket is
 * COUNTS[i], for bucket FIRST + i; `_` (no sample) before the series exists.
 */
function counterSeries(counts: readonly number[], first: number, minutes: number): string {
  const values: string[] = [];
  for (let m = 0; m <= minutes; m++) {
    const bucket = Math.floor(m / BUCKET_MIN) - first;
    if (bucket < 0) {
      values.push('_');
      continue;
    }
    const done = counts.slice(0, bucket).reduce((x, y) => x + y, 0);
    const part = ((counts[bucket] ?? 0) * (m % BUCKET_MIN)) / BUCKET_MIN;
    values.push(String(done + part));
  }
  return values.join(' ');
}

/** z of the last bucket of COUNTS as the in-process detector computes it (defaults). */
function inProcessZ(counts: readonly number[]): number {
  const detector = new FrequencyDetector(resolveAnomalyOptions());
  for (const event of bucketStream(counts, f.bucketMs)) detector.ingest(event);
  return detector.z;
}

// Scenario: 160 buckets (13 h 20 m) of history, then the scored bucket 160.
const HISTORY = 160;
const storm = [...noisyCounts(HISTORY, 7), 60];
const steady = [...noisyCounts(HISTORY, 11), 12];
const medium = [...Array.from({ length: HISTORY }, (_, i) => (i % 2 ? 12 : 8)), 22];
const warmupFirst = HISTORY - 10; // only 10 buckets of history
const warmup = [...noisyCounts(10, 3), 200];
const EVAL_MIN = (HISTORY + 1) * BUCKET_MIN;

function unitTestFile(alertSeverity: string): string {
  const zStorm = inProcessZ(storm);
  const zSteady = inProcessZ(steady);
  // Every series is one service's (the scrape job); `storm` also runs, steadily, in svc-b.
  const series = (agent: string, counts: number[], first = 0, job = 'svc') => ({
    series: `agc_tool_calls_total{job="${job}",agent="${agent}",tool="search",decision="allow",source="policy",outcome="ok"}`,
    values: counterSeries(counts, first, EVAL_MIN),
  });
  const alert = (agent: string, severity: string, z: number) => ({
    exp_labels: { job: 'svc', agent, severity, detector: 'frequency' },
    exp_annotations: {
      summary: `Agent ${agent} (svc) tool-call rate is anomalous`,
      description: `${agent} made calls at z = ${z.toFixed(1)} over its last ${f.baselineBuckets} ${BUCKET_MIN}m buckets (fires at ${f.threshold}).`,
    },
  });
  return stringify({
    rule_files: ['rules.yaml'],
    evaluation_interval: `${BUCKET_MIN}m`,
    tests: [
      {
        interval: '1m',
        input_series: [
          series('storm', storm),
          series('steady', steady),
          series('medium', medium),
          series('warmup', warmup, warmupFirst),
          series('storm', steady, 0, 'svc-b'),
        ],
        alert_rule_test: [
          {
            eval_time: `${EVAL_MIN}m`,
            alertname: 'AgcToolCallRateAnomaly',
            exp_alerts: [alert('storm', alertSeverity, zStorm), alert('medium', 'medium', 6)],
          },
          // One bucket earlier nothing is anomalous.
          { eval_time: `${EVAL_MIN - BUCKET_MIN}m`, alertname: 'AgcToolCallRateAnomaly' },
        ],
        promql_expr_test: [
          {
            // The same z, to 1e-3, as the in-process detector on the same calls.
            expr: `round(${names.zscore} * 1000)`,
            eval_time: `${EVAL_MIN}m`,
            exp_samples: [
              { labels: '{job="svc",agent="medium"}', value: 6000 },
              { labels: '{job="svc",agent="steady"}', value: Math.round(zSteady * 1000) },
              { labels: '{job="svc",agent="storm"}', value: Math.round(zStorm * 1000) },
              // The same agent name in another service: its own z, not the sum's.
              { labels: '{job="svc-b",agent="storm"}', value: Math.round(zSteady * 1000) },
            ],
          },
          {
            // Warm-up: the baseline holds 10 active buckets, so no z at all.
            expr: `${names.activeBuckets}{agent="warmup"}`,
            eval_time: `${EVAL_MIN}m`,
            exp_samples: [
              { labels: `${names.activeBuckets}{job="svc",agent="warmup"}`, value: 10 },
            ],
          },
          { expr: `${names.zscore}{agent="warmup"}`, eval_time: `${EVAL_MIN}m`, exp_samples: [] },
        ],
      },
    ],
  });
}

describe('generateAnomalyRules', () => {
  it('matches the golden file', () => {
    const text = renderAnomalyRules(generateAnomalyRules());
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('derives ranges, floors, warm-up and severity bounds from the options', () => {
    const rules = generateAnomalyRules({
      frequency: {
        bucketMs: 60_000,
        baselineBuckets: 30,
        warmupBuckets: 10,
        sigmaFloor: 3,
        sigmaFloorRatio: 0,
        threshold: 4,
        saturation: 8,
      },
    });
    const exprs = rules.groups[0]!.rules.map((r) => r.expr);
    expect(exprs).toEqual([
      'sum by (job, agent) (increase(agc_tool_calls_total[1m]))',
      'job_agent:agc_tool_calls:increase1m > bool 0',
      'avg_over_time(job_agent:agc_tool_calls:increase1m[29m59s] offset 1m)',
      'stddev_over_time(job_agent:agc_tool_calls:increase1m[29m59s] offset 1m)',
      'sum_over_time(job_agent:agc_tool_calls:active1m[29m59s] offset 1m)',
      'clamp_min(job_agent:agc_tool_calls:baseline_stddev1m, 3)',
      '(job_agent:agc_tool_calls:increase1m - job_agent:agc_tool_calls:baseline_mean1m) / job_agent:agc_tool_calls:baseline_sigma1m and on (job, agent) (job_agent:agc_tool_calls:baseline_active1m >= 10)',
      `job_agent:agc_tool_calls:zscore1m >= 4 < ${rawForScore(0.75, 4, 8)}`,
      `job_agent:agc_tool_calls:zscore1m >= ${rawForScore(0.75, 4, 8)} < ${rawForScore(0.9, 4, 8)}`,
      `job_agent:agc_tool_calls:zscore1m >= ${rawForScore(0.9, 4, 8)}`,
    ]);
    expect(rules.groups[0]!.interval).toBe('1m');
  });

  it.each([
    [{ frequency: { method: 'mad' as const } }, /implement 'zscore' only/],
    [{ frequency: { bucketMs: 1500 } }, /whole seconds/],
    [{ frequency: { threshold: -1 } }, /threshold/],
  ])('fails fast on %j', (options, message) => {
    expect(() => generateAnomalyRules(options)).toThrow(AnomalyConfigError);
    expect(() => generateAnomalyRules(options)).toThrow(message);
  });
});

describe('promtool', () => {
  it('check rules accepts the default and a 1m-bucket rule file', async () => {
    for (const options of [{}, { frequency: { bucketMs: 60_000 } }]) {
      const dir = writeTempFiles({
        'rules.yaml': renderAnomalyRules(generateAnomalyRules(options)),
      });
      const result = await promtool(['check', 'rules', 'rules.yaml'], dir);
      expect(result.output).toContain('SUCCESS: 14 rules found');
      expect(result.ok).toBe(true);
    }
  });

  it('test rules: a storm fires (same z as in process), steady traffic and warm-up do not', async () => {
    const zStorm = inProcessZ(storm);
    expect(zStorm).toBeGreaterThan(rawForScore(0.9, f.threshold, f.saturation)); // critical
    const dir = writeTempFiles({
      'rules.yaml': renderAnomalyRules(generateAnomalyRules()),
      'test.yaml': unitTestFile('critical'),
    });
    const result = await promtool(['test', 'rules', 'test.yaml'], dir);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('negative control: a wrong expectation makes promtool test rules fail', async () => {
    const dir = writeTempFiles({
      'rules.yaml': renderAnomalyRules(generateAnomalyRules()),
      'test.yaml': unitTestFile('medium'),
    });
    const result = await promtool(['test', 'rules', 'test.yaml'], dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('FAILED');
  });

  it('the in-process detector agrees on what fires', () => {
    // Same streams through the whole monitor path: storm and medium fire, steady and warm-up not.
    const fired = (counts: number[], first = 0) => {
      const detector = new FrequencyDetector(resolveAnomalyOptions());
      return bucketStream(counts, f.bucketMs, T0 + first * f.bucketMs).some((e) =>
        detector.ingest(e),
      );
    };
    expect([fired(storm), fired(medium), fired(steady), fired(warmup, warmupFirst)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
