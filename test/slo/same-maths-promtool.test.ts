import { describe, expect, it } from 'vitest';
import { parseSloSpecs } from '../../slo/load-slo-spec.js';
import { generateSloRules, renderSloRules } from '../../slo/prometheus-rules.js';
import { SloMonitor } from '../../slo/slo-monitor.js';
import type { SloStatus } from '../../slo/types.js';
import { promtoolPath } from '../helpers/promtool.js';
import { toInputSeries } from './support/promtool-series.js';
import { promtoolTestRules } from './support/run-promtool.js';
import { syntheticEvents, type Phase } from './support/synthetic-events.js';

// "Same maths, proven": one seeded stream goes to the in-process calculators and, as the
// runtime's counters, to promtool; the promtool test expects exactly what the calculators said.

const SPECS = parseSloSpecs(
  `apiVersion: agc/v1
kind: SLO
metadata: { name: tool-success }
spec:
  objective: 99.5
  window: 30d
  sli: { kind: tool_success }
---
apiVersion: agc/v1
kind: SLO
metadata: { name: search-latency }
spec:
  objective: 99
  window: 28d
  sli: { kind: tool_latency, thresholdMs: 500 }
  selector: { tools: [search] }
---
apiVersion: agc/v1
kind: SLO
metadata: { name: support-denies }
spec:
  objective: 98
  window: 30d
  sli: { kind: deny_ratio, sources: [policy] }
  selector: { agents: ['support-*'] }
`,
  { file: 'proof.yaml' },
);

const base = { callsPerMin: 20, errorRate: 0.002, slowRate: 0.003, denyRate: 0.005 };
const PHASES: Phase[] = [
  { fromMin: 0, toMin: 120, ...base },
  { fromMin: 120, toMin: 150, ...base, errorRate: 0.25 },
  { fromMin: 150, toMin: 240, ...base },
  { fromMin: 240, toMin: 420, ...base, errorRate: 0.03, slowRate: 0.08, denyRate: 0.05 },
  { fromMin: 420, toMin: 600, ...base },
  { fromMin: 600, toMin: 720, callsPerMin: 0.4, errorRate: 0.8, slowRate: 0.8, denyRate: 0.5 },
];
const END_MS = 720 * 60_000;
const INSTANTS = Array.from({ length: 144 }, (_, i) => (i + 1) * 5 * 60_000);
const EVENTS = syntheticEvents(PHASES, 20_240_601);

/** Feeds the stream in time order and evaluates every SLO at each instant. */
function calculatorStatuses(): Map<number, readonly SloStatus[]> {
  const monitor = new SloMonitor(SPECS);
  const out = new Map<number, readonly SloStatus[]>();
  let next = 0;
  for (const at of INSTANTS) {
    while (next < EVENTS.length && (EVENTS[next]?.timeMs ?? Infinity) <= at) {
      monitor.observe(EVENTS[next] as (typeof EVENTS)[number]);
      next++;
    }
    out.set(at, monitor.evaluate(at).statuses);
  }
  return out;
}

function minutes(ms: number): string {
  return `${ms / 60_000}m`;
}

/** The promtool unit test expecting the calculators' values and alerts at every instant. */
function unitTest(statuses: Map<number, readonly SloStatus[]>) {
  const alerts = generateSloRules(SPECS)
    .groups.flatMap((g) => g.rules)
    .filter((r) => 'alert' in r);
  const promqlExprTest = [];
  const alertRuleTest = [];
  for (const [at, list] of statuses) {
    const expected = [];
    for (const status of list) {
      const sel = `{slo="${status.slo}"}`;
      for (const w of [...status.windows, status.period]) {
        promqlExprTest.push({
          expr: `agc_slo:sli_events:increase${w.window}${sel}`,
          eval_time: minutes(at),
          exp_samples: [
            { labels: `agc_slo:sli_events:increase${w.window}${sel}`, value: w.events },
          ],
        });
        promqlExprTest.push({
          expr: `agc_slo:burn_rate:ratio${w.window}${sel}`,
          eval_time: minutes(at),
          // No events: the calculator says NaN, the rules record nothing.
          exp_samples: Number.isNaN(w.burnRate)
            ? []
            : [{ labels: `agc_slo:burn_rate:ratio${w.window}${sel}`, value: w.burnRate }],
        });
      }
      if (status.period.events > 0) {
        promqlExprTest.push({
          expr: `agc_slo:error_budget_remaining:ratio${sel}`,
          eval_time: minutes(at),
          exp_samples: [
            { labels: `agc_slo:error_budget_remaining:ratio${sel}`, value: status.budgetRemaining },
          ],
        });
      }
      for (const severity of ['page', 'ticket'] as const) {
        if (!status.tiers.some((t) => t.severity === severity && t.firing)) continue;
        const rule = alerts.find(
          (r) => r.labels?.slo === status.slo && r.labels?.severity === severity,
        );
        expected.push({
          exp_labels: { slo: status.slo, severity },
          exp_annotations:
            'annotations' in (rule ?? {}) ? (rule as { annotations: object }).annotations : {},
        });
      }
    }
    alertRuleTest.push({
      eval_time: minutes(at),
      alertname: 'AgcSloErrorBudgetBurn',
      exp_alerts: expected,
    });
    alertRuleTest.push({ eval_time: minutes(at), alertname: 'AgcSloEventsAbsent', exp_alerts: [] });
  }
  return {
    interval: '1m',
    input_series: toInputSeries(EVENTS, 60_000, END_MS),
    promql_expr_test: promqlExprTest,
    alert_rule_test: alertRuleTest,
  };
}

describe('same maths in process and in Prometheus', () => {
  const statuses = calculatorStatuses();
  const all = [...statuses.values()].flat();

  it('exercises page, ticket, ok and the minimum-events guard', () => {
    const states = (slo: string) => new Set(all.filter((s) => s.slo === slo).map((s) => s.alert));
    expect(states('tool-success')).toEqual(new Set(['ok', 'page', 'ticket']));
    expect(states('search-latency').has('ok')).toBe(true);
    expect([...states('search-latency')].some((s) => s !== 'ok')).toBe(true);
    expect([...states('support-denies')].some((s) => s !== 'ok')).toBe(true);
    expect(all.some((s) => s.tiers.some((t) => t.guarded))).toBe(true);
  });

  it('promtool computes the same burn rates, events, budgets and alerts at every instant', async () => {
    const result = await promtoolTestRules(renderSloRules(SPECS), [unitTest(statuses)]);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('negative control: one burn rate off by one part in 10^12 makes promtool fail', async () => {
    expect(promtoolPath()).toBeTruthy(); // a missing promtool must fail this test, not pass it
    const test = unitTest(statuses);
    const target = test.promql_expr_test.find(
      (t) =>
        t.expr === 'agc_slo:burn_rate:ratio1h{slo="tool-success"}' &&
        (t.exp_samples[0]?.value ?? 0) > 1,
    );
    const sample = target?.exp_samples[0];
    expect(sample).toBeDefined();
    if (!target || !sample) return;
    sample.value *= 1 + 1e-12;
    // Only the altered expectation: promtool evaluates the rules up to its instant.
    const only = { ...test, promql_expr_test: [target], alert_rule_test: [] };
    const result = await promtoolTestRules(renderSloRules(SPECS), [only]);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('agc_slo:burn_rate:ratio1h');
  });

  it('negative control: a missing page alert makes promtool fail', async () => {
    expect(promtoolPath()).toBeTruthy();
    const test = unitTest(statuses);
    const target = test.alert_rule_test.find((t) =>
      t.exp_alerts.some((a) => a.exp_labels.severity === 'page'),
    );
    expect(target).toBeDefined();
    if (!target) return;
    const altered = {
      ...target,
      exp_alerts: target.exp_alerts.filter((a) => a.exp_labels.severity !== 'page'),
    };
    const only = { ...test, promql_expr_test: [], alert_rule_test: [altered] };
    const result = await promtoolTestRules(renderSloRules(SPECS), [only]);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('AgcSloErrorBudgetBurn');
  });
});
