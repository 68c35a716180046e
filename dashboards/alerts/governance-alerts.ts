import { stringify } from 'yaml';
import {
  LABEL_AGENT,
  LABEL_DECISION,
  LABEL_SOURCE,
  METRIC_AGENT_QUARANTINED,
  METRIC_EXPORTER_SPANS,
  METRIC_INSTRUMENTATION_INFO,
  METRIC_INTERNAL_ERRORS,
  METRIC_POLICY_RELOADS,
  METRIC_RECORDER_SPANS,
  METRIC_TOOL_CALLS,
} from '../../conventions/index.js';
import type { MetricSpec } from '../../conventions/index.js';
import type { AlertingRule, RecordingRule, RuleFile } from '../../slo/index.js';
import { DashboardError } from '../dashboard-error.js';
import { DASHBOARD_DEFAULTS } from '../defaults.js';
import { GOVERNANCE_ALERT_DEFAULTS } from './defaults.js';
import type { GovernanceAlertSettings } from './defaults.js';

/** Name of the rule group in the generated file. */
export const GOVERNANCE_ALERT_GROUP = 'agc-governance';

/**
 * Prometheus rules for governance events that are not SLO burn (those come from
 * `agc slo rules`), on the runtime's metrics from `conventions/`:
 *
 * - `AgcDenyRateSpike` (page): an agent's deny ratio over 5m is above 25 %, with at least 20
 *   calls, and above 3× its ratio over the hour before — unless that hour held fewer than 100
 *   calls (a new agent), when ratio and volume alone fire it.
 * - `AgcAgentQuarantineStarted` (page): an agent is quarantined now and was not 10m ago.
 * - `AgcQuarantinedAgentStillCalling` (ticket): calls keep being refused with source
 *   quarantine for 10m (the agent's loop ignores refusals).
 * - `AgcRecorderDroppingSpans`, `AgcSpanExportFailing`, `AgcPolicyReloadFailed`,
 *   `AgcInternalErrors` (ticket): a counter of lost spans, failed reloads or caught errors
 *   increased — including a series that did not exist before (those counters start at their
 *   first increment, which `increase()` alone cannot see).
 * - `AgcFrameworkNotGoverned` (ticket): a framework package outside the supported range is
 *   installed (`agc_instrumentation_info{patched="false"}`): its tool calls run ungoverned.
 *
 * Aggregations keep the service label (`job`) and the agent or instance, so every alert says
 * where. Settings override {@link GOVERNANCE_ALERT_DEFAULTS}.
 *
 * @throws {@link DashboardError} when a setting is out of range.
 */
export function generateGovernanceAlerts(
  settings: Partial<GovernanceAlertSettings> = {},
): RuleFile {
  const s = { ...GOVERNANCE_ALERT_DEFAULTS, ...settings };
  validate(s);
  const job = DASHBOARD_DEFAULTS.serviceLabel;
  const window = seconds(s.denyWindowSeconds);
  const baseline = seconds(s.denyBaselineSeconds);
  const byAgent = `${job}, ${LABEL_AGENT}`;
  const calls = METRIC_TOOL_CALLS.name;
  const record = {
    calls: `${job}_agent:agc_tool_calls:rate${window}`,
    denies: `${job}_agent:agc_tool_call_denies:rate${window}`,
    ratio: `${job}_agent:agc_tool_call_deny_ratio:rate${window}`,
    baselineCalls: `${job}_agent:agc_tool_calls:rate${baseline}_offset${window}`,
    baseline: `${job}_agent:agc_tool_call_deny_ratio:rate${baseline}_offset${window}`,
  };
  const deny = `${calls}{${LABEL_DECISION}="deny"}`;
  const recording: RecordingRule[] = [
    { record: record.calls, expr: `sum by (${byAgent}) (rate(${calls}[${window}]))`, labels: {} },
    { record: record.denies, expr: `sum by (${byAgent}) (rate(${deny}[${window}]))`, labels: {} },
    { record: record.ratio, expr: `${record.denies} / ${record.calls}`, labels: {} },
    {
      record: record.baselineCalls,
      expr: `sum by (${byAgent}) (rate(${calls}[${baseline}] offset ${window}))`,
      labels: {},
    },
    {
      record: record.baseline,
      expr:
        `sum by (${byAgent}) (rate(${deny}[${baseline}] offset ${window}))\n` +
        `/ ${record.baselineCalls}`,
      labels: {},
    },
  ];
  const quarantined = `max by (${byAgent}) (${METRIC_AGENT_QUARANTINED.name}`;
  const alerts: AlertingRule[] = [
    {
      alert: 'AgcDenyRateSpike',
      expr:
        `${record.ratio} > ${s.denyRatio}\n` +
        `and on (${byAgent}) ${record.calls} * ${s.denyWindowSeconds} >= ${s.denyMinCalls}\n` +
        `unless on (${byAgent}) (\n` +
        `  ${record.ratio} <= ${s.denyRatioFactor} * ${record.baseline}\n` +
        `  and on (${byAgent}) ${record.baselineCalls} * ${s.denyBaselineSeconds} >= ${s.denyMinBaselineCalls}\n` +
        ')',
      for: s.denyFor,
      labels: { severity: s.pageSeverity },
      annotations: {
        summary: `Agent {{ $labels.${LABEL_AGENT} }} ({{ $labels.${job} }}) is being denied far more than usual`,
        description:
          `{{ $value | humanizePercentage }} of its tool calls over ${window} were denied ` +
          `(fires above ${pct(s.denyRatio)} and ${s.denyRatioFactor}x its previous ${baseline}). ` +
          'A misbehaving agent or a policy change that blocks legitimate work: see the AGC / Policy dashboard.',
      },
    },
    {
      alert: 'AgcAgentQuarantineStarted',
      expr:
        `${quarantined}) > 0\n` +
        `unless on (${byAgent}) ${quarantined} offset ${s.quarantineNewFor}) > 0`,
      labels: { severity: s.pageSeverity },
      annotations: {
        summary: `Agent {{ $labels.${LABEL_AGENT} }} ({{ $labels.${job} }}) was quarantined`,
        description:
          `Quarantined within the last ${s.quarantineNewFor}: every call it makes is denied with ` +
          'source quarantine until the TTL passes or it is released.',
      },
    },
    {
      alert: 'AgcQuarantinedAgentStillCalling',
      expr: `sum by (${byAgent}) (rate(${calls}{${LABEL_SOURCE}="quarantine"}[${window}])) > 0`,
      for: s.quarantineCallingFor,
      labels: { severity: s.ticketSeverity },
      annotations: {
        summary: `Quarantined agent {{ $labels.${LABEL_AGENT} }} keeps calling tools`,
        description:
          `{{ $value | printf "%.2f" }} refused calls per second for ${s.quarantineCallingFor}: the ` +
          "agent's loop does not stop on refusals (wasted model calls; check its retry logic).",
      },
    },
    newOrIncreased({
      alert: 'AgcRecorderDroppingSpans',
      metric: METRIC_RECORDER_SPANS,
      matcher: 'result=~"dropped_.*"',
      by: [job, 'instance', 'result'],
      window: s.recorderDropWindow,
      severity: s.ticketSeverity,
      summary: `The recorder of {{ $labels.${job} }} ({{ $labels.instance }}) is dropping spans`,
      description:
        'Spans were dropped ({{ $labels.result }}): recordings have gaps and the hash chain ' +
        'will not cover those calls. Check disk space and AGC_RECORD_DIR.',
    }),
    newOrIncreased({
      alert: 'AgcSpanExportFailing',
      metric: METRIC_EXPORTER_SPANS,
      matcher: 'result=~"failed|dropped_.*"',
      by: [job, 'instance', 'exporter', 'result'],
      window: s.exportFailureWindow,
      severity: s.ticketSeverity,
      summary: `{{ $labels.exporter }} export from {{ $labels.${job} }} ({{ $labels.instance }}) is failing`,
      description:
        'Spans were lost on the way out ({{ $labels.result }}): the collector or trace backend does not receive them. ' +
        'Check OTEL_EXPORTER_OTLP_ENDPOINT and the collector.',
      for: s.exportFailureFor,
    }),
    newOrIncreased({
      alert: 'AgcPolicyReloadFailed',
      metric: METRIC_POLICY_RELOADS,
      matcher: 'result="failed"',
      by: [job, 'instance'],
      window: s.reloadFailureWindow,
      severity: s.ticketSeverity,
      summary: `A policy reload failed on {{ $labels.${job} }} ({{ $labels.instance }})`,
      description:
        'The edited policy did not load; the runtime keeps enforcing the last good one. ' +
        '`agc policy check FILE` prints every problem as file:line:column.',
    }),
    newOrIncreased({
      alert: 'AgcInternalErrors',
      metric: METRIC_INTERNAL_ERRORS,
      matcher: '',
      by: [job, 'instance', 'component'],
      window: s.internalErrorWindow,
      severity: s.ticketSeverity,
      summary: `@agc/otel caught errors in {{ $labels.component }} on {{ $labels.${job} }}`,
      description:
        'Errors inside the governance runtime (the host never sees them; a failing decision ' +
        'denies in enforce mode, source error). Check the process log for the @agc/otel line.',
    }),
    {
      alert: 'AgcFrameworkNotGoverned',
      expr: `max by (${job}, instance, framework, package, version) (${METRIC_INSTRUMENTATION_INFO.name}{patched="false"}) > 0`,
      labels: { severity: s.ticketSeverity },
      annotations: {
        summary: `{{ $labels.package }} {{ $labels.version }} on {{ $labels.${job} }} is not governed`,
        description:
          'The installed version is outside the range the {{ $labels.framework }} ' +
          'instrumentation supports: its tool calls run without policy, also in enforce mode. ' +
          'Pin a supported version or upgrade @agc/otel (docs/frameworks.md lists the ranges).',
      },
    },
  ];
  return { groups: [{ name: GOVERNANCE_ALERT_GROUP, rules: [...recording, ...alerts] }] };
}

/** The rules as a Prometheus rule file (YAML), with a generated-file header. */
export function renderGovernanceAlerts(file: RuleFile = generateGovernanceAlerts()): string {
  const plain = {
    groups: file.groups.map((g) => ({
      name: g.name,
      rules: g.rules.map((rule) =>
        Object.fromEntries(
          Object.entries(rule).filter(
            ([, v]: [string, unknown]) =>
              v !== undefined &&
              !(typeof v === 'object' && v !== null && Object.keys(v).length === 0),
          ),
        ),
      ),
    })),
  };
  return (
    '# Generated by `agc dashboards build` (@agc/otel) from dashboards/alerts/. Do not edit.\n' +
    '# Governance alerts beyond SLO burn rates (`agc slo rules` generates those).\n' +
    stringify(plain, { lineWidth: 0 })
  );
}

/** A "this counter moved" alert (see {@link newOrIncreased}). */
interface CounterAlert {
  readonly alert: string;
  readonly metric: MetricSpec;
  readonly matcher: string;
  readonly by: readonly string[];
  readonly window: string;
  /** How long the condition must hold. @default fires at once */
  readonly for?: string;
  readonly severity: string;
  readonly summary: string;
  readonly description: string;
}

// increase() needs two samples of a series, so a counter born at its first increment (drops,
// failures, errors) would be missed; the second branch catches series that are new in WINDOW.
function newOrIncreased(a: CounterAlert): AlertingRule {
  for (const label of a.by) {
    if (
      !a.metric.labels.includes(label) &&
      label !== 'instance' &&
      label !== DASHBOARD_DEFAULTS.serviceLabel
    ) {
      throw new DashboardError(`alert ${a.alert}: metric ${a.metric.name} has no label '${label}'`);
    }
  }
  const series = `${a.metric.name}${a.matcher === '' ? '' : `{${a.matcher}}`}`;
  const by = a.by.join(', ');
  return {
    alert: a.alert,
    expr:
      `sum by (${by}) (increase(${series}[${a.window}])) > 0\n` +
      `or (sum by (${by}) (${series}) > 0 unless sum by (${by}) (${series} offset ${a.window}))`,
    ...(a.for !== undefined && { for: a.for }),
    labels: { severity: a.severity },
    annotations: { summary: a.summary, description: a.description },
  };
}

function validate(s: GovernanceAlertSettings): void {
  const problems: string[] = [];
  if (!(s.denyRatio > 0 && s.denyRatio < 1))
    problems.push(`denyRatio ${s.denyRatio}: expected 0 < x < 1`);
  if (!(s.denyRatioFactor >= 1))
    problems.push(`denyRatioFactor ${s.denyRatioFactor}: expected >= 1`);
  if (!(s.denyMinCalls >= 1)) problems.push(`denyMinCalls ${s.denyMinCalls}: expected >= 1`);
  if (!(s.denyMinBaselineCalls >= 0)) {
    problems.push(`denyMinBaselineCalls ${s.denyMinBaselineCalls}: expected >= 0`);
  }
  for (const key of ['denyWindowSeconds', 'denyBaselineSeconds'] as const) {
    if (!(Number.isInteger(s[key]) && s[key] >= 60))
      problems.push(`${key} ${s[key]}: expected whole seconds >= 60`);
  }
  for (const key of [
    'denyFor',
    'quarantineNewFor',
    'quarantineCallingFor',
    'recorderDropWindow',
    'exportFailureWindow',
    'exportFailureFor',
    'reloadFailureWindow',
    'internalErrorWindow',
  ] as const) {
    if (!/^\d+[smhd]$/.test(s[key]))
      problems.push(`${key} '${s[key]}': expected a duration like 5m`);
  }
  if (problems.length > 0) throw new DashboardError(`governance alerts: ${problems.join('; ')}`);
}

function seconds(total: number): string {
  if (total % 86400 === 0) return `${total / 86400}d`;
  if (total % 3600 === 0) return `${total / 3600}h`;
  if (total % 60 === 0) return `${total / 60}m`;
  return `${total}s`;
}

function pct(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
