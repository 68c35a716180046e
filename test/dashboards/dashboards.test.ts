import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  METRIC_AGENT_QUARANTINED,
  METRIC_POLICY_RULES,
  METRIC_TOOL_CALLS,
  METRIC_TOOL_CALL_DURATION,
} from '../../conventions/index.js';
import {
  DASHBOARDS,
  DashboardError,
  buildAgcDashboard,
  checkDashboardFiles,
  dashboardQueries,
  generateDashboardFiles,
  labelsOf,
  selector,
  timeseriesPanel,
  writeDashboardFiles,
} from '../../dashboards/index.js';
import { conventionSeriesNames, metricNames } from './promql-names.js';

const ROOT = join(import.meta.dirname, '../..');
const built = DASHBOARDS.map((d) => ({ file: d.file, dashboard: d.build() }));
const byUid = (uid: string) => {
  const found = built.find((b) => b.dashboard.uid === uid);
  if (!found) throw new Error(`no dashboard ${uid}`);
  return found.dashboard;
};
const exprs = (uid: string) => dashboardQueries(byUid(uid)).map((q) => q.expr);
type Variable = { name: string; type: string; query?: unknown };
const variables = (uid: string) => (byUid(uid).templating.list ?? []) as Variable[];

describe('the committed dashboards are what the code generates', () => {
  it('dashboards/*.json and dashboards/alerts/*.yaml are up to date (run `agc dashboards build`)', () => {
    expect(checkDashboardFiles(join(ROOT, 'dashboards'))).toEqual([]);
  });

  it('generation is deterministic', () => {
    expect(generateDashboardFiles()).toEqual(generateDashboardFiles());
  });

  it('reports missing, stale and unexpected files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-dashboards-'));
    const all = generateDashboardFiles().map((f) => f.path);
    expect(checkDashboardFiles(dir)).toEqual(all.map((path) => ({ path, problem: 'missing' })));
    writeDashboardFiles(dir);
    expect(checkDashboardFiles(dir)).toEqual([]);
    const overview = join(dir, 'agc-overview.json');
    writeFileSync(overview, readFileSync(overview, 'utf8').replace('agc_tool_calls_total', 'x'));
    writeFileSync(join(dir, 'old-dashboard.json'), '{}\n');
    expect(checkDashboardFiles(dir)).toEqual([
      { path: 'agc-overview.json', problem: 'stale' },
      { path: 'old-dashboard.json', problem: 'unexpected' },
    ]);
  });
});

describe('every dashboard', () => {
  it('has a unique uid and file, and the four sections the issue asks for', () => {
    expect(built.map((b) => [b.file, b.dashboard.uid])).toEqual([
      ['agc-overview.json', 'agc-overview'],
      ['agc-policy.json', 'agc-policy'],
      ['agc-anomalies.json', 'agc-anomalies'],
      ['agc-slos.json', 'agc-slos'],
    ]);
  });

  it.each(built.map((b) => [b.dashboard.uid, b.dashboard] as const))(
    '%s: panels query Prometheus through the picker, with numbered ids and refIds',
    (_uid, dashboard) => {
      const panels = dashboard.panels ?? [];
      expect(panels.map((p) => p.id)).toEqual(panels.map((_p, i) => i + 1));
      for (const panel of panels) {
        expect(panel.gridPos?.w ?? 0).toBeLessThanOrEqual(24);
        if (panel.type === 'row') continue;
        const p = panel as { datasource?: unknown; targets?: { refId?: string }[] };
        expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
        const refIds = (p.targets ?? []).map((t) => t.refId);
        expect(refIds.length).toBeGreaterThan(0);
        expect(refIds).toEqual(['A', 'B', 'C'].slice(0, refIds.length));
      }
      expect(variables(dashboard.uid ?? '')[0]).toMatchObject({
        name: 'datasource',
        type: 'datasource',
        query: 'prometheus',
      });
    },
  );

  it.each(built.map((b) => [b.dashboard.uid, b.dashboard] as const))(
    '%s: every metric a query or variable reads is declared in conventions/',
    (_uid, dashboard) => {
      const known = conventionSeriesNames();
      const texts = [
        ...dashboardQueries(dashboard).map((q) => q.expr),
        ...(dashboard.templating.list ?? [])
          .map((v) => v.query)
          .filter((q): q is string => typeof q === 'string' && q.startsWith('label_values')),
      ];
      const read = texts.flatMap(metricNames);
      expect(read.length).toBeGreaterThan(0);
      expect(read.filter((name) => !known.has(name))).toEqual([]);
    },
  );
});

describe('variables', () => {
  it.each([
    ['agc-overview', ['service', 'agent', 'tool']],
    ['agc-policy', ['service', 'agent', 'tool']],
    ['agc-anomalies', ['service', 'agent']],
    ['agc-slos', ['service', 'slo']],
  ])('%s has %j, each narrowed by the ones before it', (uid, names) => {
    const vars = variables(uid).filter((v) => v.type === 'query');
    expect(vars.map((v) => v.name)).toEqual(names);
    const queries = Object.fromEntries(vars.map((v) => [v.name, v.query]));
    expect(queries.service).toBe('label_values(agc_runtime_info, job)');
    if (names.includes('agent')) {
      expect(queries.agent).toBe('label_values(agc_tool_calls_total{job=~"$service"}, agent)');
    }
    if (names.includes('tool')) {
      expect(queries.tool).toBe(
        'label_values(agc_tool_calls_total{job=~"$service",agent=~"$agent"}, tool)',
      );
    }
    if (names.includes('slo')) {
      expect(queries.slo).toBe('label_values(agc_slo_objective{job=~"$service"}, slo)');
    }
    for (const v of vars)
      expect(v).toMatchObject({ multi: true, includeAll: true, allValue: '.*' });
  });

  it.each([
    ['agc-overview', ['$service', '$agent', '$tool']],
    ['agc-policy', ['$service', '$agent', '$tool']],
    ['agc-anomalies', ['$service', '$agent']],
    ['agc-slos', ['$service', '$slo']],
  ])('%s: every panel query that can filter uses %j', (uid, refs) => {
    const filtering = exprs(uid).filter((e) => e.includes('agc_tool_calls_total'));
    for (const expr of filtering) for (const ref of refs.slice(0, 2)) expect(expr).toContain(ref);
    for (const ref of refs) expect(exprs(uid).some((e) => e.includes(ref))).toBe(true);
  });
});

describe('what each dashboard shows', () => {
  const has = (uid: string, ...parts: string[]) =>
    exprs(uid).some((e) => parts.every((part) => e.includes(part)));

  it('overview: calls, decisions by source, latency quantiles, top tools and agents', () => {
    expect(has('agc-overview', 'sum by (decision, source)', 'agc_tool_calls_total')).toBe(true);
    expect(
      has('agc-overview', 'histogram_quantile(0.99', 'agc_tool_call_duration_seconds_bucket'),
    ).toBe(true);
    expect(has('agc-overview', 'topk(10, sum by (tool)', '[$__range]')).toBe(true);
    expect(has('agc-overview', 'topk(10, sum by (agent)', '[$__range]')).toBe(true);
  });

  it('policy: denies by source, rate-limit and budget exhaustion, reloads, decision time', () => {
    expect(has('agc-policy', 'sum by (source)', 'decision="deny"')).toBe(true);
    expect(has('agc-policy', 'source="rate_limit"')).toBe(true);
    expect(has('agc-policy', 'source="budget"')).toBe(true);
    expect(has('agc-policy', 'agc_policy_reloads_total', 'result="failed"')).toBe(true);
    expect(has('agc-policy', 'agc_policy_decision_duration_seconds_bucket')).toBe(true);
  });

  it('anomalies: scores per agent and detector, quarantines, circuits', () => {
    expect(has('agc-anomalies', 'max by (agent, detector) (agc_anomaly_score')).toBe(true);
    expect(has('agc-anomalies', 'agc_agent_quarantined')).toBe(true);
    expect(has('agc-anomalies', 'source="quarantine"')).toBe(true);
    expect(has('agc-anomalies', 'agc_circuit_state')).toBe(true);
  });

  it('SLOs: budget remaining, burn rate per window, alert state, time to exhaustion', () => {
    expect(has('agc-slos', 'agc_slo_error_budget_remaining')).toBe(true);
    expect(has('agc-slos', 'max by (slo, window) (agc_slo_burn_rate')).toBe(true);
    expect(has('agc-slos', 'agc_slo_alert_state')).toBe(true);
    expect(has('agc-slos', 'agc_slo_time_to_exhaustion_seconds')).toBe(true);
  });

  it('state panels name the states the runtime exports', () => {
    const mappings = (uid: string, title: string) => {
      const panel = (byUid(uid).panels ?? []).find((p) => p.title === title) as
        | {
            fieldConfig?: {
              defaults?: { mappings?: { options: Record<string, { text: string }> }[] };
            };
          }
        | undefined;
      const options = panel?.fieldConfig?.defaults?.mappings?.[0]?.options ?? {};
      return Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v.text]));
    };
    expect(mappings('agc-anomalies', 'Circuit state')).toEqual({
      0: 'closed',
      1: 'half-open',
      2: 'open',
    });
    expect(mappings('agc-slos', 'Alert state')).toEqual({ 0: 'ok', 1: 'ticket', 2: 'page' });
  });
});

describe('builders fail fast with context', () => {
  it.each([
    [
      () => selector(METRIC_POLICY_RULES, { vars: ['agent'] }),
      "metric agc_policy_rules has no label 'agent'",
    ],
    [
      () => selector(METRIC_TOOL_CALLS, { eq: { status: 'x' } }),
      "agc_tool_calls_total has no label 'status'",
    ],
    [() => selector(METRIC_TOOL_CALLS, { series: 'bucket' }), 'agc_tool_calls_total is a counter'],
    [
      () => labelsOf(METRIC_AGENT_QUARANTINED, ['tool']),
      "agc_agent_quarantined has no label 'tool'",
    ],
  ])('%#: %s', (make, message) => {
    expect(make).toThrow(DashboardError);
    expect(make).toThrow(message);
  });

  it('selectors escape values and accept target labels and le on buckets', () => {
    expect(selector(METRIC_TOOL_CALLS, { vars: ['service', 'agent'], eq: { tool: 'a"b' } })).toBe(
      'agc_tool_calls_total{job=~"$service",agent=~"$agent",tool="a\\"b"}',
    );
    expect(selector(METRIC_TOOL_CALL_DURATION, { series: 'bucket', eq: { le: '+Inf' } })).toBe(
      'agc_tool_call_duration_seconds_bucket{le="+Inf"}',
    );
  });

  const panel = (expr: string) =>
    timeseriesPanel({ title: 'p', description: 'd', queries: [{ expr }] });
  it.each([
    [
      ['agent'],
      'up{agent=~"$tool"}',
      "dashboard 'x', panel 'p': uses $tool, which the dashboard does not define",
    ],
    [
      ['agent', 'tool'],
      'up{agent=~"$agent"}',
      "dashboard 'x': variable 'tool' is defined but no panel query uses it",
    ],
  ] as const)('variables %j with %s', (vars, expr, message) => {
    const make = () =>
      buildAgcDashboard({
        uid: 'x',
        title: 'x',
        description: 'x',
        variables: vars,
        sections: [{ title: 's', panels: [panel(expr)] }],
      });
    expect(make).toThrow(DashboardError);
    expect(make).toThrow(message);
  });
});
