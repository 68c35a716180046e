import { describe, expect, it } from 'vitest';
import type { AlertingRule } from '../../common/index.js';
import { generateSloRules, renderSloRules } from '../../slo/prometheus-rules.js';
import { promtoolPath } from '../helpers/promtool.js';
import { promtoolTestRules } from './support/run-promtool.js';
import { nativeSpec } from './support/specs.js';

// Hand-written promtool unit tests of the generated alerts: page, ticket, no alert, low traffic
// (the minimum-events guard) and no data (the absent alert). Expected values are worked out in
// the comments from the series, not taken from the calculator.

const GUARDED = nativeSpec('checkout', 'objective: 99.5\nsli: { kind: tool_success }');
// Same SLO with a minimum of 5 events: shows it is the guard that keeps the low-traffic case quiet.
const UNGUARDED = nativeSpec(
  'checkout-min5',
  'objective: 99.5\nsli: { kind: tool_success }\nalerting: { minEvents: 5 }',
);
const SPECS = [GUARDED, UNGUARDED];
const RULES = renderSloRules(SPECS);
const ALERTS = generateSloRules(SPECS)
  .groups.flatMap((g) => g.rules)
  .filter((r): r is AlertingRule => 'alert' in r);

const OK =
  'agc_tool_calls_total{agent="a",tool="pay",decision="allow",source="policy",outcome="ok"}';
const ERR =
  'agc_tool_calls_total{agent="a",tool="pay",decision="allow",source="policy",outcome="error"}';

function burnAlert(slo: string, severity: 'page' | 'ticket') {
  const rule = ALERTS.find((a) => a.labels?.slo === slo && a.labels?.severity === severity);
  return { exp_labels: { slo, severity }, exp_annotations: rule?.annotations ?? {} };
}

/** Per-minute cumulative values: `calls(minute)` calls in each minute, from 0. */
function cumulative(minutes: number, calls: (minute: number) => number): string {
  const values = [0];
  for (let m = 1; m <= minutes; m++) values.push((values[m - 1] ?? 0) + calls(m));
  return values.join(' ');
}

const PAGE = {
  name: 'page: 10 % errors at 100 calls/min',
  interval: '1m',
  input_series: [
    { series: OK, values: '0+90x120' },
    { series: ERR, values: '0+10x120' },
  ],
  alert_rule_test: [
    // At 1m: 100 events. Page tiers: 0.1 > 14.4 × 0.005 = 0.072 on 1h and 5m, 100 >= 42 events.
    // Ticket tier 1d/2h: 0.1 > 0.015 but 100 < 200 events: held by the guard.
    {
      eval_time: '1m',
      alertname: 'AgcSloErrorBudgetBurn',
      exp_alerts: [
        burnAlert('checkout', 'page'),
        burnAlert('checkout-min5', 'page'),
        burnAlert('checkout-min5', 'ticket'),
      ],
    },
    // At 10m: 1000 events, every tier burns and has its minimum (42, 100, 200, 600).
    {
      eval_time: '10m',
      alertname: 'AgcSloErrorBudgetBurn',
      exp_alerts: [
        burnAlert('checkout', 'page'),
        burnAlert('checkout', 'ticket'),
        burnAlert('checkout-min5', 'page'),
        burnAlert('checkout-min5', 'ticket'),
      ],
    },
  ],
  promql_expr_test: [
    // 600 errors of 6000 calls over the hour at 60m: ratio 0.1, burn 0.1 / 0.005.
    {
      expr: 'agc_slo:burn_rate:ratio1h{slo="checkout"}',
      eval_time: '60m',
      exp_samples: [
        { labels: 'agc_slo:burn_rate:ratio1h{slo="checkout"}', value: 600 / 6000 / 0.005 },
      ],
    },
    {
      expr: 'agc_slo:sli_events:increase1h{slo="checkout"}',
      eval_time: '60m',
      exp_samples: [{ labels: 'agc_slo:sli_events:increase1h{slo="checkout"}', value: 6000 }],
    },
  ],
};

const TICKET = {
  name: 'ticket: 2 % errors',
  interval: '1m',
  input_series: [
    { series: OK, values: '0+98x180' },
    { series: ERR, values: '0+2x180' },
  ],
  alert_rule_test: [
    // 0.02: below 0.072 (14.4x) and 0.03 (6x), above 0.015 (3x) on 1d and 2h with >= 200 events.
    {
      eval_time: '30m',
      alertname: 'AgcSloErrorBudgetBurn',
      exp_alerts: [burnAlert('checkout', 'ticket'), burnAlert('checkout-min5', 'ticket')],
    },
    {
      eval_time: '3h',
      alertname: 'AgcSloErrorBudgetBurn',
      exp_alerts: [burnAlert('checkout', 'ticket'), burnAlert('checkout-min5', 'ticket')],
    },
  ],
  promql_expr_test: [
    {
      expr: 'agc_slo:error_budget_remaining:ratio{slo="checkout"}',
      eval_time: '3h',
      // 360 errors of 18000 calls: burn 0.02 / 0.005 = 4, budget left 1 - 4.
      exp_samples: [
        {
          labels: 'agc_slo:error_budget_remaining:ratio{slo="checkout"}',
          value: 1 - 360 / 18000 / 0.005,
        },
      ],
    },
  ],
};

const NO_ALERT = {
  name: 'no alert: 0.2 % errors (burn 0.4)',
  interval: '1m',
  input_series: [
    { series: OK, values: '0+499x240' },
    { series: ERR, values: '0+1x240' },
  ],
  alert_rule_test: [
    { eval_time: '1h', alertname: 'AgcSloErrorBudgetBurn', exp_alerts: [] },
    { eval_time: '4h', alertname: 'AgcSloErrorBudgetBurn', exp_alerts: [] },
    { eval_time: '4h', alertname: 'AgcSloEventsAbsent', exp_alerts: [] },
  ],
  promql_expr_test: [
    {
      expr: 'agc_slo:burn_rate:ratio1d{slo="checkout"}',
      eval_time: '4h',
      exp_samples: [
        { labels: 'agc_slo:burn_rate:ratio1d{slo="checkout"}', value: 240 / 120000 / 0.005 },
      ],
    },
  ],
};

// One call every 6 minutes for an hour (10 calls), the calls at 54m and 60m fail: 2 of 10 in
// the hour (0.2) and 1 of 1 in the last 5 minutes, far above 0.072 — but 10 < 42 events.
const LOW = {
  name: 'low traffic: 2 errors in 10 calls',
  interval: '1m',
  input_series: [
    { series: OK, values: cumulative(60, (m) => (m % 6 === 0 && m < 54 ? 1 : 0)) },
    { series: ERR, values: cumulative(60, (m) => (m === 54 || m === 60 ? 1 : 0)) },
  ],
  alert_rule_test: [
    // Only the SLO with minEvents 5 pages (10 >= 5); the guarded one stays quiet.
    {
      eval_time: '60m',
      alertname: 'AgcSloErrorBudgetBurn',
      exp_alerts: [burnAlert('checkout-min5', 'page'), burnAlert('checkout-min5', 'ticket')],
    },
  ],
  promql_expr_test: [
    {
      expr: 'agc_slo:burn_rate:ratio1h{slo="checkout"}',
      eval_time: '60m',
      exp_samples: [{ labels: 'agc_slo:burn_rate:ratio1h{slo="checkout"}', value: 2 / 10 / 0.005 }],
    },
  ],
};

const ABSENT = {
  name: 'no data: the absent alert after 10 minutes',
  interval: '1m',
  input_series: [
    {
      series:
        'agc_tool_calls_total{agent="a",tool="pay",decision="allow",source="policy",outcome="denied"}',
      values: '0+1x20',
    },
  ],
  alert_rule_test: [
    { eval_time: '9m', alertname: 'AgcSloEventsAbsent', exp_alerts: [] },
    {
      eval_time: '10m',
      alertname: 'AgcSloEventsAbsent',
      exp_alerts: ['checkout', 'checkout-min5'].map((slo) => ({
        exp_labels: { slo, severity: 'ticket' },
        exp_annotations:
          ALERTS.find((a) => a.alert === 'AgcSloEventsAbsent' && a.labels?.slo === slo)
            ?.annotations ?? {},
      })),
    },
    { eval_time: '15m', alertname: 'AgcSloErrorBudgetBurn', exp_alerts: [] },
  ],
  promql_expr_test: [
    // No calls ran: no events and no ratio (not a 0 % or 100 % ratio).
    { expr: 'agc_slo:sli_error:ratio_rate5m', eval_time: '15m', exp_samples: [] },
  ],
};

describe('promtool test rules on the generated alerts', () => {
  it.each([PAGE, TICKET, NO_ALERT, LOW, ABSENT])('$name', async ({ name: _name, ...group }) => {
    const result = await promtoolTestRules(RULES, [group]);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('fails when the expectation is wrong (a page expected in the low-traffic case)', async () => {
    expect(promtoolPath()).toBeTruthy(); // a missing promtool must fail this test, not pass it
    const { name: _name, ...group } = LOW;
    const wrong = {
      ...group,
      alert_rule_test: [
        {
          eval_time: '60m',
          alertname: 'AgcSloErrorBudgetBurn',
          exp_alerts: [burnAlert('checkout', 'page')],
        },
      ],
    };
    const result = await promtoolTestRules(RULES, [wrong]);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('AgcSloErrorBudgetBurn');
  });
});
