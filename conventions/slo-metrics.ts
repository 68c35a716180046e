import type { MetricSpec } from './metrics.js';

/** The `agc_slo_*` metrics the runtime exports from `SloMonitor.evaluate` statuses. */

/** SLO label: the spec's name. */
export const LABEL_SLO = 'slo';
/** Window label: a Prometheus duration (`5m`, `1h`, ..., `30d`). */
export const LABEL_WINDOW = 'window';
/** Result label of `agc_slo_events_total`: good | bad. */
export const LABEL_RESULT = 'result';

/** `agc_slo_events_total{slo,result}`: events an SLI counted (from `eventsTotal`/`badEventsTotal`). */
export const METRIC_SLO_EVENTS: MetricSpec = {
  name: 'agc_slo_events_total',
  type: 'counter',
  help: 'Events counted by each in-process SLI, by result (good | bad).',
  labels: [LABEL_SLO, LABEL_RESULT],
};
/** `agc_slo_burn_rate{slo,window}`: error ratio over the window divided by the error budget. */
export const METRIC_SLO_BURN_RATE: MetricSpec = {
  name: 'agc_slo_burn_rate',
  type: 'gauge',
  help: 'Error-budget burn rate per SLO and window (1 = the budget lasts exactly the SLO period).',
  labels: [LABEL_SLO, LABEL_WINDOW],
};
/** `agc_slo_window_events{slo,window}`: events in each window (the minimum-events guard reads it). */
export const METRIC_SLO_WINDOW_EVENTS: MetricSpec = {
  name: 'agc_slo_window_events',
  type: 'gauge',
  help: 'Events counted by the SLI in each alert window and the SLO period.',
  labels: [LABEL_SLO, LABEL_WINDOW],
};
/** `agc_slo_error_budget_remaining{slo}`: 1 untouched, 0 exhausted, negative overspent. */
export const METRIC_SLO_ERROR_BUDGET_REMAINING: MetricSpec = {
  name: 'agc_slo_error_budget_remaining',
  type: 'gauge',
  help: 'Share of the error budget left over the SLO period (1 untouched, 0 exhausted, < 0 overspent).',
  labels: [LABEL_SLO],
};
/** `agc_slo_time_to_exhaustion_seconds{slo}`: at the current (1h) burn; +Inf when not burning. */
export const METRIC_SLO_TIME_TO_EXHAUSTION: MetricSpec = {
  name: 'agc_slo_time_to_exhaustion_seconds',
  type: 'gauge',
  help: 'Seconds until the error budget is exhausted at the current burn rate (+Inf when not burning).',
  labels: [LABEL_SLO],
};
/** `agc_slo_alert_state{slo}`: 0 ok, 1 ticket, 2 page. */
export const METRIC_SLO_ALERT_STATE: MetricSpec = {
  name: 'agc_slo_alert_state',
  type: 'gauge',
  help: 'Multi-window multi-burn-rate alert state per SLO: 0 ok, 1 ticket, 2 page.',
  labels: [LABEL_SLO],
};
/** `agc_slo_objective{slo}`: the objective as a ratio. */
export const METRIC_SLO_OBJECTIVE: MetricSpec = {
  name: 'agc_slo_objective',
  type: 'gauge',
  help: 'SLO objective as a ratio (0.995 for 99.5 %).',
  labels: [LABEL_SLO],
};

/** Every `agc_slo_*` metric, for registration. */
export const SLO_METRICS: readonly MetricSpec[] = [
  METRIC_SLO_EVENTS,
  METRIC_SLO_BURN_RATE,
  METRIC_SLO_WINDOW_EVENTS,
  METRIC_SLO_ERROR_BUDGET_REMAINING,
  METRIC_SLO_TIME_TO_EXHAUSTION,
  METRIC_SLO_ALERT_STATE,
  METRIC_SLO_OBJECTIVE,
];

/** Value of `agc_slo_alert_state` for an alert state. */
export const ALERT_STATE_VALUE = { ok: 0, ticket: 1, page: 2 } as const;
