import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSloSpecs } from '../../slo/load-slo-spec.js';
import type { AlertingRule, RecordingRule } from '../../common/index.js';
import { generateSloRules, renderSloRules } from '../../slo/prometheus-rules.js';
import { promtoolCheckRules } from './support/run-promtool.js';
import { nativeSpec } from './support/specs.js';

const NATIVE = loadSloSpecs('examples/slo/agent-slos.yaml');
const FOREIGN = loadSloSpecs(['test/fixtures/slo/sloth.yaml', 'test/fixtures/slo/openslo.yaml']);

/** Golden files: regenerate with UPDATE_GOLDEN=1 after an intended change, then review the diff. */
function golden(name: string, text: string): void {
  const path = `test/fixtures/slo/golden/${name}`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

function rulesOf(specs: Parameters<typeof generateSloRules>[0]) {
  return generateSloRules(specs).groups.flatMap((g) => g.rules);
}
const records = (specs: Parameters<typeof generateSloRules>[0]) =>
  rulesOf(specs).filter((r): r is RecordingRule => 'record' in r);
const alerts = (specs: Parameters<typeof generateSloRules>[0]) =>
  rulesOf(specs).filter((r): r is AlertingRule => 'alert' in r);

describe('generated Prometheus rules', () => {
  it('match the golden files', () => {
    golden('agent-slos.rules.yaml', renderSloRules(NATIVE));
    golden('sloth-openslo.rules.yaml', renderSloRules(FOREIGN));
  });

  it('pass promtool check rules', async () => {
    for (const specs of [NATIVE, FOREIGN]) {
      const result = await promtoolCheckRules(renderSloRules(specs));
      expect(result.output).toContain('SUCCESS');
      expect(result.ok).toBe(true);
    }
  });

  it('render as YAML that parses back to the same groups', () => {
    expect(parse(renderSloRules(NATIVE))).toEqual(generateSloRules(NATIVE));
  });

  it('one group per SLO, recordings for every window then the period, then alerts', () => {
    const [group] = generateSloRules([
      NATIVE[0] ?? nativeSpec('x', 'objective: 99\nsli: { kind: tool_success }'),
    ]).groups;
    expect(group?.name).toBe('agc-slo-tool-success');
    const names = group?.rules.map((r) =>
      'record' in r ? r.record : `alert ${r.alert} ${r.labels?.severity}`,
    );
    expect(names?.filter((n) => n.startsWith('agc_slo:burn_rate'))).toEqual(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `agc_slo:burn_rate:ratio${w}`),
    );
    expect(names?.slice(-3)).toEqual([
      'alert AgcSloErrorBudgetBurn page',
      'alert AgcSloErrorBudgetBurn ticket',
      'alert AgcSloEventsAbsent ticket',
    ]);
  });

  it('long windows are ratios of sums over the window itself, never averages of ratios', () => {
    const exprs = records(NATIVE)
      .map((r) => r.expr)
      .join('\n');
    expect(exprs).not.toMatch(/avg_over_time|sum_over_time|count_over_time/);
    const ratio30d = records(NATIVE).find(
      (r) => r.record === 'agc_slo:sli_error:ratio_rate30d' && r.labels?.slo === 'tool-success',
    );
    expect(ratio30d?.expr).toBe(
      '(sum by (job) (increase(agc_tool_calls_total{outcome="error"}[30d])) or on (job) 0 * agc_slo:sli_events:increase30d{slo="tool-success"}) / on (job) (agc_slo:sli_events:increase30d{slo="tool-success"} > 0)',
    );
  });

  it('tool success counts calls that ran; errors are bad', () => {
    const events = records(NATIVE).find(
      (r) => r.record === 'agc_slo:sli_events:increase1h' && r.labels?.slo === 'tool-success',
    );
    expect(events?.expr).toBe(
      'sum by (job) (increase(agc_tool_calls_total{outcome=~"ok|error"}[1h]))',
    );
  });

  it('latency reads the duration histogram at the threshold bucket', () => {
    const ratio = records(NATIVE).find(
      (r) => r.record === 'agc_slo:sli_error:ratio_rate5m' && r.labels?.slo === 'search-latency',
    );
    expect(ratio?.expr).toBe(
      '((sum by (job) (increase(agc_tool_call_duration_seconds_count{tool="web_search",outcome=~"ok|error"}[5m])) - sum by (job) (increase(agc_tool_call_duration_seconds_bucket{tool="web_search",outcome=~"ok|error",le="0.5"}[5m]))) or on (job) 0 * agc_slo:sli_events:increase5m{slo="search-latency"}) / on (job) (agc_slo:sli_events:increase5m{slo="search-latency"} > 0)',
    );
  });

  it('integral bucket bounds match both 2.x (le="1") and 3.x (le="1.0") spellings', () => {
    const spec = nativeSpec(
      'one-second',
      'objective: 99\nsli: { kind: tool_latency, thresholdMs: 1000 }',
    );
    expect(records([spec])[1]?.expr).toContain('le=~"1|1.0"');
  });

  it('deny ratio: globs become one anchored regex, sources a regex matcher', () => {
    const ratio = records(NATIVE).find(
      (r) => r.record === 'agc_slo:sli_error:ratio_rate1d' && r.labels?.slo === 'policy-deny-ratio',
    );
    expect(ratio?.expr).toBe(
      '(sum by (job) (increase(agc_tool_calls_total{agent=~"support-.*",decision="deny",source=~"policy"}[1d])) or on (job) 0 * agc_slo:sli_events:increase1d{slo="policy-deny-ratio"}) / on (job) (agc_slo:sli_events:increase1d{slo="policy-deny-ratio"} > 0)',
    );
  });

  it('escapes regex and PromQL specials in selectors', () => {
    const spec = nativeSpec(
      'odd-names',
      `objective: 99\nsli: { kind: tool_success }\nselector: { tools: ['db.query', 'a"b', 'x*'] }`,
    );
    expect(records([spec])[0]?.expr).toContain('tool=~"db\\\\.query|a\\"b|x.*"');
  });

  it('tokens and cost SLIs count the in-process SLI events (agc_slo_events_total)', () => {
    const spec = nativeSpec(
      'tokens',
      'objective: 99\nsli: { kind: tokens_per_call, threshold: 4000 }',
    );
    const [events, ratio] = records([spec]);
    expect(events?.expr).toBe('sum by (job) (increase(agc_slo_events_total{slo="tokens"}[5m]))');
    expect(ratio?.expr).toContain('agc_slo_events_total{slo="tokens",result="bad"}[5m]');
  });

  it('page alert: each tier is long AND short above factor × budget AND the events guard; tiers OR-ed', () => {
    const page = alerts(NATIVE).find(
      (a) => a.labels?.slo === 'tool-success' && a.labels?.severity === 'page',
    );
    expect(page?.expr).toBe(
      [
        '(',
        '  agc_slo:sli_error:ratio_rate1h{slo="tool-success"} > (14.4 * 0.005)',
        '  and agc_slo:sli_error:ratio_rate5m{slo="tool-success"} > (14.4 * 0.005)',
        '  and agc_slo:sli_events:increase1h{slo="tool-success"} >= 42',
        ')',
        'or',
        '(',
        '  agc_slo:sli_error:ratio_rate6h{slo="tool-success"} > (6 * 0.005)',
        '  and agc_slo:sli_error:ratio_rate30m{slo="tool-success"} > (6 * 0.005)',
        '  and agc_slo:sli_events:increase6h{slo="tool-success"} >= 100',
        ')',
      ].join('\n'),
    );
    expect(page?.for).toBeUndefined();
    expect(page?.labels).toEqual({ severity: 'page', slo: 'tool-success', team: 'agents' });
  });

  it('a disabled severity gets no alert; absent-data alerts wait 10m', () => {
    const deny = alerts(NATIVE).filter((a) => a.labels?.slo === 'policy-deny-ratio');
    expect(deny.map((a) => `${a.alert}/${a.labels?.severity}/${a.for ?? ''}`)).toEqual([
      'AgcSloErrorBudgetBurn/ticket/',
      'AgcSloEventsAbsent/ticket/10m',
    ]);
    expect(deny[1]?.expr).toBe('absent(agc_tool_calls_total{agent=~"support-.*"})');
  });

  it('Sloth: queries get each window substituted; alert names, labels and annotations carried', () => {
    const ratio = records(FOREIGN).find(
      (r) =>
        r.record === 'agc_slo:sli_error:ratio_rate6h' &&
        r.labels?.slo === 'myservice-requests-availability',
    );
    expect(ratio?.expr).toBe(
      '(sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[6h]))) / (sum(rate(http_request_duration_seconds_count{job="myservice"}[6h])))',
    );
    const events = records(FOREIGN).find(
      (r) =>
        r.record === 'agc_slo:sli_events:increase1h' &&
        r.labels?.slo === 'myservice-requests-availability',
    );
    expect(events?.expr).toBe(
      '(sum(rate(http_request_duration_seconds_count{job="myservice"}[1h]))) * 3600',
    );
    const page = alerts(FOREIGN).find(
      (a) => a.alert === 'MyServiceHighErrorRate' && a.labels?.severity === 'page',
    );
    expect(page?.labels).toMatchObject({
      routing_key: 'myteam',
      category: 'availability',
      service: 'myservice',
    });
    expect(page?.annotations?.summary).toBe("High error rate on 'myservice' requests responses");
    // Exact decimals: Sloth itself prints 0.0009999999999999432 here.
    expect(page?.expr).toContain('(14.4 * 0.001)');
  });

  it('Sloth raw ratios have no event count, so no guard clause', () => {
    const page = alerts(FOREIGN).find((a) => a.alert === 'QueueLagBurn');
    expect(page?.expr).not.toContain('sli_events');
    expect(alerts(FOREIGN).filter((a) => a.alert === 'QueueLagBurn')).toHaveLength(1);
  });

  it('OpenSLO threshold SLIs: the error ratio is the share of bad 1-minute samples', () => {
    const ratio = records(FOREIGN).find(
      (r) =>
        r.record === 'agc_slo:sli_error:ratio_rate1h' && r.labels?.slo === 'checkout-p95-latency',
    );
    expect(ratio?.expr).toBe(
      'avg_over_time(((histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout"}[5m])))) >= bool 0.3)[1h:1m])',
    );
  });

  it('meta rules: objective, budget, budget remaining, time to exhaustion', () => {
    const meta = records([
      NATIVE[0] ?? nativeSpec('x', 'objective: 99\nsli: { kind: tool_success }'),
    ]).slice(-4);
    expect(meta.map((r) => [r.record, r.expr])).toEqual([
      ['agc_slo:objective:ratio', 'vector(0.995)'],
      ['agc_slo:error_budget:ratio', 'vector(0.005)'],
      [
        'agc_slo:error_budget_remaining:ratio',
        '1 - agc_slo:burn_rate:ratio30d{slo="tool-success"}',
      ],
      [
        'agc_slo:time_to_exhaustion:seconds',
        'clamp_min(agc_slo:error_budget_remaining:ratio{slo="tool-success"}, 0) * 2592000 / (agc_slo:burn_rate:ratio1h{slo="tool-success"} > 0)',
      ],
    ]);
  });
});
