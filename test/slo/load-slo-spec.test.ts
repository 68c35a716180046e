import { describe, expect, it } from 'vitest';
import { loadSloSpecs, parseSloSpecs } from '../../slo/load-slo-spec.js';
import { SloError } from '../../slo/slo-error.js';

const DAY = 86_400_000;

describe('native agc/v1 specs', () => {
  const specs = loadSloSpecs('examples/slo/agent-slos.yaml');

  it('loads the example: three SLOs with their SLIs, selectors and windows', () => {
    expect(
      specs.map((s) => [s.name, s.format, s.objective, s.errorBudget, s.periodMs / DAY, s.sli]),
    ).toEqual([
      ['tool-success', 'agc/v1', 0.995, 0.005, 30, { kind: 'tool_success' }],
      ['search-latency', 'agc/v1', 0.99, 0.01, 30, { kind: 'tool_latency', thresholdMs: 500 }],
      ['policy-deny-ratio', 'agc/v1', 0.98, 0.02, 28, { kind: 'deny_ratio', sources: ['policy'] }],
    ]);
    expect(specs[0]?.source).toEqual({ file: 'examples/slo/agent-slos.yaml', line: 8, column: 9 });
    expect(specs[0]?.labels).toEqual({ team: 'agents' });
    expect(specs[1]?.selector).toEqual({ tools: ['web_search'] });
    expect(specs[2]?.selector).toEqual({ agents: ['support-*'] });
  });

  it('circuits are off unless enabled; enabled ones carry cool-down and probes', () => {
    expect(specs.map((s) => s.circuit)).toEqual([null, { coolDownMs: 300_000, probes: 3 }, null]);
  });

  it('page: false drops the page tiers; the 28d SLO gets the 28d factors', () => {
    expect(specs[2]?.windows.map((w) => [w.severity, w.factor])).toEqual([
      ['ticket', 2.8],
      ['ticket', (10 * 28 * 24) / 72 / 100],
    ]);
    expect(specs[2]?.alerting.page.enabled).toBe(false);
  });

  it('defaults: 30d window, Google windows, auto minimum events, absent alert after 10m', () => {
    const [spec] = parseSloSpecs(
      'apiVersion: agc/v1\nkind: SLO\nmetadata: { name: x }\nspec:\n  objective: 99.9\n  sli: { kind: tool_success }\n',
    );
    expect(spec?.periodMs).toBe(30 * DAY);
    expect(spec?.windows.map((w) => [w.factor, w.minEvents])).toEqual([
      [14.4, 209],
      [6, 500],
      [3, 1000],
      [1, 3000],
    ]);
    expect(spec?.alerting).toMatchObject({ name: 'AgcSloErrorBudgetBurn', absentForMs: 600_000 });
    expect(spec?.source).toEqual({ file: '<input>', line: 3, column: 19 });
  });

  it('custom windows, explicit minEvents, absentFor: false', () => {
    const [spec] = parseSloSpecs(`apiVersion: agc/v1
kind: SLO
metadata: { name: x }
spec:
  objective: 99
  window: 7d
  sli: { kind: cost_per_call, threshold: 0.25 }
  alerting:
    minEvents: 50
    absentFor: false
    windows:
      - { severity: page, budgetPercent: 5, long: 1h, short: 5m }
      - { severity: ticket, budgetPercent: 20, long: 1d, short: 2h }
`);
    expect(spec?.windows.map((w) => [w.severity, w.factor, w.minEvents])).toEqual([
      ['page', (5 * 7 * 24) / 100, 50],
      ['ticket', (20 * 7) / 100, 50],
    ]);
    expect(spec?.alerting.absentForMs).toBeNull();
  });
});

describe('Sloth prometheus/v1 specs', () => {
  const specs = loadSloSpecs('test/fixtures/slo/sloth.yaml');

  it('names each SLO <service>-<name>, merges labels, keeps the queries', () => {
    expect(specs.map((s) => s.name)).toEqual([
      'myservice-requests-availability',
      'myservice-queue-lag',
    ]);
    const [availability, lag] = specs;
    expect(availability?.labels).toEqual({
      owner: 'myteam',
      repo: 'myorg/myservice',
      tier: '2',
      category: 'availability',
    });
    expect(availability?.service).toBe('myservice');
    expect(availability?.errorBudget).toBe(0.001);
    expect(availability?.sli).toEqual({
      kind: 'promql_events',
      errorQuery:
        'sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))',
      totalQuery: 'sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))',
    });
    expect(lag?.sli).toEqual({
      kind: 'promql_ratio',
      errorRatioQuery: 'max(rate(queue_lag_seconds_over_threshold_total[{{.window}}]))',
    });
  });

  it('carries alerting names, per-severity labels, and disabled severities', () => {
    const [availability, lag] = specs;
    expect(availability?.alerting.name).toBe('MyServiceHighErrorRate');
    expect(availability?.alerting.page.labels).toEqual({ routing_key: 'myteam' });
    expect(availability?.alerting.ticket.labels).toEqual({ slack_channel: '#alerts-myteam' });
    expect(lag?.alerting.ticket.enabled).toBe(false);
    expect(lag?.windows.map((w) => w.severity)).toEqual(['page', 'page']);
  });

  it('uses the default period (30d) unless told otherwise', () => {
    expect(specs[0]?.periodMs).toBe(30 * DAY);
    const [spec] = loadSloSpecs('test/fixtures/slo/sloth.yaml', { defaultPeriod: '28d' });
    expect(spec?.periodMs).toBe(28 * DAY);
    expect(spec?.windows[0]?.factor).toBe(13.44);
  });
});

describe('OpenSLO v1 specs', () => {
  const specs = loadSloSpecs('test/fixtures/slo/openslo.yaml');

  it('loads ratio (bad/total, good/total via indicatorRef) and threshold SLIs', () => {
    expect(specs.map((s) => [s.name, s.format, s.objective, s.periodMs / DAY, s.sli.kind])).toEqual(
      [
        ['checkout-availability', 'openslo/v1', 0.999, 30, 'promql_events'],
        ['checkout-good-ratio', 'openslo/v1', 0.995, 28, 'promql_events'],
        ['checkout-p95-latency', 'openslo/v1', 0.99, 30, 'promql_threshold'],
      ],
    );
    expect(specs[1]?.sli).toEqual({
      kind: 'promql_events',
      errorQuery:
        '(sum(rate(http_requests_total{job="checkout"}[{{.window}}]))) - (sum(rate(http_requests_total{job="checkout",code!~"5.."}[{{.window}}])))',
      totalQuery: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
    });
    expect(specs[2]?.sli).toMatchObject({ kind: 'promql_threshold', op: 'lt', value: 0.3 });
    expect(specs[0]?.labels).toEqual({ team: 'payments' });
    expect(specs[0]?.service).toBe('checkout');
  });

  it('resolves indicatorRef across files', () => {
    const sli = `apiVersion: openslo/v1
kind: SLI
metadata: { name: shared }
spec:
  ratioMetric:
    counter: true
    raw: { metricSource: { spec: { query: 'ratio[{{.window}}]' } } }
    rawType: success
`;
    const slo = `apiVersion: openslo/v1
kind: SLO
metadata: { name: uses-shared }
spec:
  service: s
  indicatorRef: shared
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ targetPercent: 99 }]
`;
    const [spec] = parseSloSpecs(`${slo}---\n${sli}`);
    expect(spec?.sli).toEqual({
      kind: 'promql_ratio',
      errorRatioQuery: '1 - (ratio[{{.window}}])',
    });
  });
});

describe('mixed files', () => {
  it('loads all three formats together', () => {
    const specs = loadSloSpecs([
      'examples/slo/agent-slos.yaml',
      'test/fixtures/slo/openslo.yaml',
      'test/fixtures/slo/sloth.yaml',
    ]);
    expect(specs.map((s) => s.format)).toEqual([
      'agc/v1',
      'agc/v1',
      'agc/v1',
      'prometheus/v1',
      'prometheus/v1',
      'openslo/v1',
      'openslo/v1',
      'openslo/v1',
    ]);
  });

  it('an empty file holds no SLOs; a name used twice across files is an error', () => {
    expect(parseSloSpecs('')).toEqual([]);
    expect(parseSloSpecs('# only a comment\n---\n')).toEqual([]);
    expect(() =>
      loadSloSpecs(['examples/slo/agent-slos.yaml', 'examples/slo/agent-slos.yaml']),
    ).toThrow(SloError);
  });

  it('rejects a bad defaultPeriod option at once', () => {
    expect(() => parseSloSpecs('', { defaultPeriod: 'month' })).toThrow(/defaultPeriod/);
  });
});
