import type { dashboard } from './grafana-sdk.js';
import {
  METRIC_EXPORTER_SPANS,
  METRIC_INTERNAL_ERRORS,
  METRIC_RECORDER_SPANS,
  METRIC_RUNTIME_INFO,
  METRIC_TOOL_CALLS,
  METRIC_TOOL_CALL_DURATION,
} from '../conventions/index.js';
import { buildAgcDashboard } from './agc-dashboard.js';
import type { DashboardSection } from './agc-dashboard.js';
import { DASHBOARD_DEFAULTS } from './defaults.js';
import { barGaugePanel, statPanel, tablePanel, timeseriesPanel } from './panels.js';
import { increase, labelsOf, rate, selector } from './promql.js';
import type { SelectorOptions } from './promql.js';

const VARS = ['service', 'agent', 'tool'] as const;
const TOP = DASHBOARD_DEFAULTS.topN;
const calls = (options: SelectorOptions = {}) =>
  selector(METRIC_TOOL_CALLS, { vars: VARS, ...options });
const callsBy = (labels: string[], options: SelectorOptions = {}) =>
  `sum by (${labelsOf(METRIC_TOOL_CALLS, labels)}) (${rate(calls(options))})`;
const buckets = selector(METRIC_TOOL_CALL_DURATION, { vars: VARS, series: 'bucket' });
const service = (metric: Parameters<typeof selector>[0]) => selector(metric, { vars: ['service'] });

function traffic(): DashboardSection {
  return {
    title: 'Traffic',
    panels: [
      statPanel({
        title: 'Tool calls per second',
        description: 'Governed tool calls per second, every decision and outcome.',
        queries: [{ expr: `sum(${rate(calls())})` }],
        unit: 'reqps',
        width: 6,
      }),
      statPanel({
        title: 'Deny ratio',
        description:
          'Share of tool calls denied (policy, rate limit, budget, quarantine, circuit).',
        queries: [
          { expr: `sum(${rate(calls({ eq: { decision: 'deny' } }))}) / sum(${rate(calls())})` },
        ],
        unit: 'percentunit',
        width: 6,
        thresholds: [
          { value: null, color: 'green' },
          { value: 0.05, color: 'orange' },
          { value: 0.2, color: 'red' },
        ],
      }),
      statPanel({
        title: 'Tool error ratio',
        description: 'Share of the calls that ran whose tool failed (denied calls never ran).',
        queries: [
          {
            expr:
              `sum(${rate(calls({ eq: { outcome: 'error' } }))}) / ` +
              `sum(${rate(calls({ re: { outcome: 'ok|error' } }))})`,
          },
        ],
        unit: 'percentunit',
        width: 6,
        thresholds: [
          { value: null, color: 'green' },
          { value: 0.01, color: 'orange' },
          { value: 0.05, color: 'red' },
        ],
      }),
      statPanel({
        title: 'Active agents',
        description: 'Agents that made at least one tool call in the selected time range.',
        queries: [{ expr: `count(sum by (agent) (${increase(calls())}) > 0)` }],
        width: 6,
      }),
      timeseriesPanel({
        title: 'Tool calls by decision',
        description: 'Calls per second by policy decision (allow, deny, audit).',
        queries: [{ expr: callsBy(['decision']), legend: '{{decision}}' }],
        unit: 'reqps',
        stack: true,
      }),
      timeseriesPanel({
        title: 'Decisions by source',
        description:
          'Calls per second by decision and what decided it: policy, rate_limit, budget, ' +
          'quarantine, circuit, default (no policy) or error (fail-closed).',
        queries: [{ expr: callsBy(['decision', 'source']), legend: '{{decision}} · {{source}}' }],
        unit: 'reqps',
        stack: true,
      }),
    ],
  };
}

function latency(): DashboardSection {
  const quantile = (q: number, by: string[]) =>
    `histogram_quantile(${q}, sum by (${labelsOf(METRIC_TOOL_CALL_DURATION, [...by, 'le'])}) (${rate(buckets)}))`;
  return {
    title: 'Latency',
    panels: [
      timeseriesPanel({
        title: 'Tool call latency',
        description:
          'p50, p95 and p99 of the tool span duration (denied calls included: they end fast).',
        queries: [
          { expr: quantile(0.5, []), legend: 'p50' },
          { expr: quantile(0.95, []), legend: 'p95' },
          { expr: quantile(0.99, []), legend: 'p99' },
        ],
        unit: 's',
        min: 0,
      }),
      timeseriesPanel({
        title: 'p95 latency by tool',
        description: 'p95 of the tool span duration per tool.',
        queries: [{ expr: quantile(0.95, ['tool']), legend: '{{tool}}' }],
        unit: 's',
        min: 0,
      }),
    ],
  };
}

function top(): DashboardSection {
  const topBy = (label: string, options: SelectorOptions = {}) =>
    `topk(${TOP}, sum by (${labelsOf(METRIC_TOOL_CALLS, [label])}) (${increase(calls(options))}))`;
  return {
    title: 'Top tools and agents',
    panels: [
      barGaugePanel({
        title: 'Top tools by calls',
        description: `The ${TOP} most called tools over the selected time range.`,
        queries: [{ expr: topBy('tool'), legend: '{{tool}}' }],
        width: 6,
      }),
      barGaugePanel({
        title: 'Top agents by calls',
        description: `The ${TOP} agents that called tools most over the selected time range.`,
        queries: [{ expr: topBy('agent'), legend: '{{agent}}' }],
        width: 6,
      }),
      barGaugePanel({
        title: 'Top agents by denies',
        description: `The ${TOP} agents with the most denied calls over the selected time range.`,
        queries: [{ expr: topBy('agent', { eq: { decision: 'deny' } }), legend: '{{agent}}' }],
        width: 6,
      }),
      barGaugePanel({
        title: 'Top tools by errors',
        description: `The ${TOP} tools that failed most over the selected time range.`,
        queries: [{ expr: topBy('tool', { eq: { outcome: 'error' } }), legend: '{{tool}}' }],
        width: 6,
      }),
    ],
  };
}

function runtime(): DashboardSection {
  const job = DASHBOARD_DEFAULTS.serviceLabel;
  return {
    title: 'Runtime',
    panels: [
      tablePanel({
        title: 'Runtimes',
        description: 'Processes running @agc/otel: version and policy mode (enforce or audit).',
        queries: [
          {
            expr: `max by (${job}, instance, ${labelsOf(METRIC_RUNTIME_INFO, ['version', 'mode'])}) (${service(METRIC_RUNTIME_INFO)})`,
          },
        ],
        width: 8,
      }),
      timeseriesPanel({
        title: 'Spans recorded and exported',
        description:
          'Spans per second written or dropped by the embedded recorder, and exported or failed ' +
          'per exporter (OTLP). Any dropped or failed series means lost telemetry.',
        queries: [
          {
            expr: `sum by (${labelsOf(METRIC_RECORDER_SPANS, ['result'])}) (${rate(service(METRIC_RECORDER_SPANS))})`,
            legend: 'recorder {{result}}',
          },
          {
            expr: `sum by (${labelsOf(METRIC_EXPORTER_SPANS, ['exporter', 'result'])}) (${rate(service(METRIC_EXPORTER_SPANS))})`,
            legend: '{{exporter}} {{result}}',
          },
        ],
        unit: 'ops',
        width: 8,
      }),
      timeseriesPanel({
        title: 'Internal errors',
        description:
          'Errors caught inside @agc/otel (they never reach the host; in enforce mode a failing ' +
          'decision denies). The counter appears on the first error, so each service shows 0 until then.',
        queries: [
          {
            expr:
              `sum by (${job}, ${labelsOf(METRIC_INTERNAL_ERRORS, ['component'])}) (${rate(service(METRIC_INTERNAL_ERRORS))})` +
              ` or sum by (${job}) (0 * ${service(METRIC_RUNTIME_INFO)})`,
            legend: `{{${job}}} {{component}}`,
          },
        ],
        unit: 'ops',
        width: 8,
        min: 0,
      }),
    ],
  };
}

/**
 * "AGC / Agent overview": tool-call traffic, decisions by source, latency, top tools and agents,
 * and the runtime's own health. Variables: service, agent, tool.
 */
export function agentOverviewDashboard(): dashboard.Dashboard {
  return buildAgcDashboard({
    uid: 'agc-overview',
    title: 'AGC / Agent overview',
    description:
      'Governed tool calls of AI agents (@agc/otel): traffic, decisions, latency, top tools and agents.',
    variables: VARS,
    sections: [traffic(), latency(), top(), runtime()],
  });
}
