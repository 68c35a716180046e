import type { dashboard } from './grafana-sdk.js';
import {
  ALERT_STATE_VALUE,
  METRIC_SLO_ALERT_STATE,
  METRIC_SLO_BURN_RATE,
  METRIC_SLO_ERROR_BUDGET_REMAINING,
  METRIC_SLO_EVENTS,
  METRIC_SLO_OBJECTIVE,
  METRIC_SLO_TIME_TO_EXHAUSTION,
  METRIC_SLO_WINDOW_EVENTS,
} from '../conventions/index.js';
import type { MetricSpec } from '../conventions/index.js';
import { buildAgcDashboard } from './agc-dashboard.js';
import type { DashboardSection } from './agc-dashboard.js';
import { statPanel, stateTimelinePanel, tablePanel, timeseriesPanel } from './panels.js';
import type { ThresholdStep } from './panels.js';
import { labelsOf, rate, selector } from './promql.js';

const VARS = ['service', 'slo'] as const;
const of = (metric: MetricSpec, labels: string[], agg = 'max') =>
  `${agg} by (${labelsOf(metric, labels)}) (${selector(metric, { vars: VARS })})`;

const BUDGET_STEPS: readonly ThresholdStep[] = [
  { value: null, color: 'red' },
  { value: 0.1, color: 'orange' },
  { value: 0.5, color: 'green' },
];
const BURN_STEPS: readonly ThresholdStep[] = [
  { value: null, color: 'green' },
  { value: 1, color: 'orange' },
  { value: 6, color: 'red' },
];
const ALERT_STATES = {
  [ALERT_STATE_VALUE.ok]: { text: 'ok', color: 'green' },
  [ALERT_STATE_VALUE.ticket]: { text: 'ticket', color: 'orange' },
  [ALERT_STATE_VALUE.page]: { text: 'page', color: 'red' },
};

function budgets(): DashboardSection {
  return {
    title: 'Error budgets',
    panels: [
      statPanel({
        title: 'Error budget remaining',
        description:
          'Share of each SLO’s error budget left over its period (1 untouched, < 0 overspent).',
        queries: [
          { expr: of(METRIC_SLO_ERROR_BUDGET_REMAINING, ['slo'], 'min'), legend: '{{slo}}' },
        ],
        unit: 'percentunit',
        width: 12,
        thresholds: BUDGET_STEPS,
      }),
      statPanel({
        title: 'Alert state',
        description:
          'Multi-window multi-burn-rate alert state computed in process: ok, ticket or page.',
        queries: [{ expr: of(METRIC_SLO_ALERT_STATE, ['slo']), legend: '{{slo}}' }],
        width: 6,
        states: ALERT_STATES,
      }),
      statPanel({
        title: 'Time to exhaustion',
        description: 'When the budget runs out at the current (1h) burn rate; ∞ when not burning.',
        queries: [{ expr: of(METRIC_SLO_TIME_TO_EXHAUSTION, ['slo'], 'min'), legend: '{{slo}}' }],
        unit: 's',
        width: 6,
      }),
      timeseriesPanel({
        title: 'Error budget remaining over time',
        description: 'Budget left per SLO over the selected range.',
        queries: [
          { expr: of(METRIC_SLO_ERROR_BUDGET_REMAINING, ['slo'], 'min'), legend: '{{slo}}' },
        ],
        unit: 'percentunit',
        thresholds: BUDGET_STEPS,
      }),
      stateTimelinePanel({
        title: 'Alert state over time',
        description: 'When each SLO was ok, ticketing or paging.',
        queries: [{ expr: of(METRIC_SLO_ALERT_STATE, ['slo']), legend: '{{slo}}' }],
        states: ALERT_STATES,
      }),
    ],
  };
}

function burn(): DashboardSection {
  return {
    title: 'Burn rates',
    panels: [
      timeseriesPanel({
        title: 'Burn rate per window',
        description:
          'Error ratio over each alert window divided by the error budget (1 = the budget lasts ' +
          'exactly the SLO period; the default page tier is 14.4 over 1h and 5m).',
        queries: [
          { expr: of(METRIC_SLO_BURN_RATE, ['slo', 'window']), legend: '{{slo}} {{window}}' },
        ],
        width: 24,
        min: 0,
        thresholds: BURN_STEPS,
      }),
      timeseriesPanel({
        title: 'SLI events',
        description: 'Good and bad events per second counted by each SLI.',
        queries: [
          {
            expr: `sum by (${labelsOf(METRIC_SLO_EVENTS, ['slo', 'result'])}) (${rate(selector(METRIC_SLO_EVENTS, { vars: VARS }))})`,
            legend: '{{slo}} {{result}}',
          },
        ],
        unit: 'ops',
      }),
      tablePanel({
        title: 'Objectives and window events',
        description:
          'Each SLO’s objective and the events in each alert window (the minimum-events guard reads them).',
        queries: [
          { expr: of(METRIC_SLO_OBJECTIVE, ['slo']) },
          { expr: of(METRIC_SLO_WINDOW_EVENTS, ['slo', 'window']) },
        ],
      }),
    ],
  };
}

/**
 * "AGC / SLOs": error budget remaining, alert state, time to exhaustion, burn rate per window
 * and SLI events of the SLOs computed in process (`AGC_SLO`). Variables: service, slo.
 */
export function sloDashboard(): dashboard.Dashboard {
  return buildAgcDashboard({
    uid: 'agc-slos',
    title: 'AGC / SLOs',
    description:
      'Service-level objectives of agent tool calls (@agc/otel): budgets, burn rates, alerts.',
    variables: VARS,
    sections: [budgets(), burn()],
  });
}
