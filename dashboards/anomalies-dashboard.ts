import type { dashboard } from './grafana-sdk.js';
import {
  METRIC_AGENT_QUARANTINED,
  METRIC_ANOMALY_SCORE,
  METRIC_CIRCUIT_STATE,
  METRIC_TOOL_CALLS,
} from '../conventions/index.js';
import { buildAgcDashboard } from './agc-dashboard.js';
import type { DashboardSection } from './agc-dashboard.js';
import { DASHBOARD_DEFAULTS } from './defaults.js';
import {
  barGaugePanel,
  statPanel,
  stateTimelinePanel,
  tablePanel,
  timeseriesPanel,
} from './panels.js';
import type { ThresholdStep } from './panels.js';
import { labelsOf, rate, selector } from './promql.js';

const VARS = ['service', 'agent'] as const;
const TOP = DASHBOARD_DEFAULTS.topN;
const job = DASHBOARD_DEFAULTS.serviceLabel;
const quarantined = selector(METRIC_AGENT_QUARANTINED, { vars: VARS });
const scores = selector(METRIC_ANOMALY_SCORE, { vars: VARS });
const callsBy = (labels: string[], source: string) =>
  `sum by (${labelsOf(METRIC_TOOL_CALLS, labels)}) (${rate(
    selector(METRIC_TOOL_CALLS, { vars: VARS, eq: { decision: 'deny', source } }),
  )})`;

/** Score colours at the anomaly module's risk levels: medium 0.5, high 0.75, critical 0.9. */
const SCORE_STEPS: readonly ThresholdStep[] = [
  { value: null, color: 'green' },
  { value: 0.5, color: 'yellow' },
  { value: 0.75, color: 'orange' },
  { value: 0.9, color: 'red' },
];

function quarantines(): DashboardSection {
  const perAgent = `max by (${job}, ${labelsOf(METRIC_AGENT_QUARANTINED, ['agent'])}) (${quarantined})`;
  return {
    title: 'Quarantines',
    panels: [
      statPanel({
        title: 'Agents quarantined now',
        description:
          'Agents whose every call is denied (source quarantine) until the TTL passes or release.',
        queries: [{ expr: `count(${perAgent} > 0)` }],
        width: 6,
        noValue: '0',
        thresholds: [
          { value: null, color: 'green' },
          { value: 1, color: 'red' },
        ],
      }),
      tablePanel({
        title: 'Quarantined agents',
        description: 'Agents quarantined now, per service.',
        queries: [{ expr: `${perAgent} > 0` }],
        width: 6,
      }),
      stateTimelinePanel({
        title: 'Quarantine state',
        description: 'When each agent was quarantined (1) or free (0).',
        queries: [{ expr: perAgent, legend: '{{agent}}' }],
        states: {
          0: { text: 'free', color: 'green' },
          1: { text: 'quarantined', color: 'red' },
        },
      }),
      timeseriesPanel({
        title: 'Calls denied by quarantine',
        description: 'A quarantined agent that keeps calling: its loop does not stop on refusals.',
        queries: [{ expr: callsBy(['agent'], 'quarantine'), legend: '{{agent}}' }],
        unit: 'reqps',
        width: 24,
      }),
    ],
  };
}

function anomalyScores(): DashboardSection {
  const perDetector = `max by (${labelsOf(METRIC_ANOMALY_SCORE, ['agent', 'detector'])}) (${scores})`;
  return {
    title: 'Anomaly scores',
    panels: [
      timeseriesPanel({
        title: 'Anomaly score by agent and detector',
        description:
          'Latest normalised score (0..1) of each in-process detector: frequency, entropy, ' +
          'capability, latency, error rate. 0.5 = the detector fired.',
        queries: [{ expr: perDetector, legend: '{{agent}} · {{detector}}' }],
        width: 16,
        min: 0,
        max: 1,
        thresholds: SCORE_STEPS,
      }),
      barGaugePanel({
        title: 'Highest scores now',
        description: `The ${TOP} highest detector scores now.`,
        queries: [{ expr: `topk(${TOP}, ${perDetector})`, legend: '{{agent}} · {{detector}}' }],
        width: 8,
        min: 0,
        max: 1,
        thresholds: SCORE_STEPS,
      }),
    ],
  };
}

function circuits(): DashboardSection {
  const state = selector(METRIC_CIRCUIT_STATE, { vars: ['service'] });
  return {
    title: 'Circuits',
    panels: [
      stateTimelinePanel({
        title: 'Circuit state',
        description:
          'SLO circuit breakers: open denies the SLO’s calls (source circuit); half-open admits probes.',
        queries: [
          {
            expr: `max by (${labelsOf(METRIC_CIRCUIT_STATE, ['scope'])}) (${state})`,
            legend: '{{scope}}',
          },
        ],
        states: {
          0: { text: 'closed', color: 'green' },
          1: { text: 'half-open', color: 'orange' },
          2: { text: 'open', color: 'red' },
        },
      }),
      timeseriesPanel({
        title: 'Calls denied by open circuits',
        description: 'Calls per second refused while a circuit is open, by agent and tool.',
        queries: [{ expr: callsBy(['agent', 'tool'], 'circuit'), legend: '{{agent}} · {{tool}}' }],
        unit: 'reqps',
      }),
    ],
  };
}

/**
 * "AGC / Anomalies and quarantines": quarantined agents and their refused calls, detector scores,
 * and SLO circuit breakers. Variables: service, agent.
 */
export function anomaliesDashboard(): dashboard.Dashboard {
  return buildAgcDashboard({
    uid: 'agc-anomalies',
    title: 'AGC / Anomalies and quarantines',
    description: 'Behavioural anomaly scores, quarantined agents and circuit breakers (@agc/otel).',
    variables: VARS,
    sections: [quarantines(), anomalyScores(), circuits()],
  });
}
