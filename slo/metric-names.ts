// The SLO metric names live in conventions/ with every other name; re-exported for the slo API.
export {
  ALERT_STATE_VALUE,
  LABEL_RESULT,
  LABEL_SLO,
  LABEL_WINDOW,
  METRIC_SLO_ALERT_STATE,
  METRIC_SLO_BURN_RATE,
  METRIC_SLO_ERROR_BUDGET_REMAINING,
  METRIC_SLO_EVENTS,
  METRIC_SLO_OBJECTIVE,
  METRIC_SLO_TIME_TO_EXHAUSTION,
  METRIC_SLO_WINDOW_EVENTS,
  SLO_METRICS,
} from '../conventions/index.js';
