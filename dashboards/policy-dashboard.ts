import type { dashboard } from './grafana-sdk.js';
import {
  METRIC_POLICY_DECISION_DURATION,
  METRIC_POLICY_RELOADS,
  METRIC_POLICY_RULES,
  METRIC_TOOL_CALLS,
} from '../conventions/index.js';
import { buildAgcDashboard } from './agc-dashboard.js';
import type { DashboardSection } from './agc-dashboard.js';
import { DASHBOARD_DEFAULTS } from './defaults.js';
import { statPanel, timeseriesPanel } from './panels.js';
import { increase, labelsOf, rate, selector } from './promql.js';
import type { SelectorOptions } from './promql.js';

const VARS = ['service', 'agent', 'tool'] as const;
const calls = (options: SelectorOptions = {}) =>
  selector(METRIC_TOOL_CALLS, { vars: VARS, ...options });
const callsBy = (labels: string[], options: SelectorOptions = {}) =>
  `sum by (${labelsOf(METRIC_TOOL_CALLS, labels)}) (${rate(calls(options))})`;
const deny = { decision: 'deny' };

function decisions(): DashboardSection {
  const total = (options: SelectorOptions) => `sum(${increase(calls(options))})`;
  return {
    title: 'Decisions',
    panels: [
      statPanel({
        title: 'Denied calls',
        description: 'Calls denied (and blocked) over the selected time range, every source.',
        queries: [{ expr: total({ eq: deny }) }],
        width: 6,
      }),
      statPanel({
        title: 'Rate-limited calls',
        description: 'Calls denied because a `limit` rule’s token bucket was empty.',
        queries: [{ expr: total({ eq: { ...deny, source: 'rate_limit' } }) }],
        width: 6,
      }),
      statPanel({
        title: 'Budget-exhausted calls',
        description:
          'Calls denied because a `budget` rule’s tokens or cost were spent for the window.',
        queries: [{ expr: total({ eq: { ...deny, source: 'budget' } }) }],
        width: 6,
      }),
      statPanel({
        title: 'Policy denies',
        description:
          'Calls denied by a policy rule, a capability (`denyTools`/`allowTools`) or the default.',
        queries: [{ expr: total({ eq: { ...deny, source: 'policy' } }) }],
        width: 6,
      }),
      timeseriesPanel({
        title: 'Denies by source',
        description: 'Denied calls per second by what denied them.',
        queries: [{ expr: callsBy(['source'], { eq: deny }), legend: '{{source}}' }],
        unit: 'reqps',
        stack: true,
      }),
      timeseriesPanel({
        title: 'Decisions by tool',
        description:
          'Calls per second by tool and decision (audit = a deny recorded in audit mode).',
        queries: [{ expr: callsBy(['tool', 'decision']), legend: '{{tool}} · {{decision}}' }],
        unit: 'reqps',
      }),
      timeseriesPanel({
        title: 'Denies by agent',
        description: 'Denied calls per second by agent and source.',
        queries: [
          { expr: callsBy(['agent', 'source'], { eq: deny }), legend: '{{agent}} · {{source}}' },
        ],
        unit: 'reqps',
      }),
      timeseriesPanel({
        title: 'Deny ratio by tool',
        description: 'Share of each tool’s calls that were denied.',
        queries: [
          {
            expr: `${callsBy(['tool'], { eq: deny })} / ${callsBy(['tool'])}`,
            legend: '{{tool}}',
          },
        ],
        unit: 'percentunit',
        min: 0,
        max: 1,
      }),
    ],
  };
}

function limits(): DashboardSection {
  return {
    title: 'Rate limits and budgets',
    panels: [
      timeseriesPanel({
        title: 'Rate-limit denies',
        description: 'Calls per second denied by rate limits, by agent and tool.',
        queries: [
          {
            expr: callsBy(['agent', 'tool'], { eq: { ...deny, source: 'rate_limit' } }),
            legend: '{{agent}} · {{tool}}',
          },
        ],
        unit: 'reqps',
      }),
      timeseriesPanel({
        title: 'Budget exhaustion',
        description: 'Calls per second denied by exhausted budgets, by agent and tool.',
        queries: [
          {
            expr: callsBy(['agent', 'tool'], { eq: { ...deny, source: 'budget' } }),
            legend: '{{agent}} · {{tool}}',
          },
        ],
        unit: 'reqps',
      }),
    ],
  };
}

function engine(): DashboardSection {
  const job = DASHBOARD_DEFAULTS.serviceLabel;
  const service = { vars: ['service'] as const };
  const buckets = selector(METRIC_POLICY_DECISION_DURATION, { ...service, series: 'bucket' });
  const quantile = (q: number) => `histogram_quantile(${q}, sum by (le) (${rate(buckets)}))`;
  const reloads = (result: string) =>
    `sum(${increase(selector(METRIC_POLICY_RELOADS, { ...service, eq: { result } }))})`;
  return {
    title: 'Policy engine',
    panels: [
      statPanel({
        title: 'Active rules',
        description: 'Rules in the active policy set, per service (after the last good reload).',
        queries: [
          {
            expr: `max by (${job}) (${selector(METRIC_POLICY_RULES, service)})`,
            legend: `{{${job}}}`,
          },
        ],
        width: 6,
      }),
      statPanel({
        title: 'Failed reloads',
        description:
          'Policy hot reloads that failed in the selected range. The runtime keeps the last good ' +
          'policy; `agc policy check FILE` shows file:line:column.',
        queries: [{ expr: reloads('failed') }],
        width: 6,
        thresholds: [
          { value: null, color: 'green' },
          { value: 1, color: 'red' },
        ],
      }),
      timeseriesPanel({
        title: 'Policy reloads',
        description: 'Hot reloads per interval by result (ok or failed), per service.',
        queries: [
          {
            expr: `sum by (${job}, ${labelsOf(METRIC_POLICY_RELOADS, ['result'])}) (${increase(selector(METRIC_POLICY_RELOADS, service), '$__rate_interval')})`,
            legend: `{{${job}}} {{result}}`,
          },
        ],
        width: 12,
        min: 0,
      }),
      timeseriesPanel({
        title: 'Decision time',
        description:
          'Time the Governor takes to decide a call (p50, p99): the policy’s cost on every call.',
        queries: [
          { expr: quantile(0.5), legend: 'p50' },
          { expr: quantile(0.99), legend: 'p99' },
        ],
        unit: 's',
        width: 24,
        min: 0,
      }),
    ],
  };
}

/**
 * "AGC / Policy": denies by source, tool and agent; rate-limit and budget exhaustion; policy
 * reloads, active rules and decision time. Variables: service, agent, tool.
 */
export function policyDashboard(): dashboard.Dashboard {
  return buildAgcDashboard({
    uid: 'agc-policy',
    title: 'AGC / Policy',
    description:
      'Policy decisions of @agc/otel: denies, rate limits, budgets, reloads, decision time.',
    variables: VARS,
    sections: [decisions(), limits(), engine()],
  });
}
