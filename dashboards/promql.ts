import { escapePromqlString } from '../common/index.js';
import { LABEL_AGENT, LABEL_SLO, LABEL_TOOL } from '../conventions/index.js';
import type { MetricSpec } from '../conventions/index.js';
import { DashboardError } from './dashboard-error.js';
import { DASHBOARD_DEFAULTS } from './defaults.js';

/** The dashboard variables a query can filter on. */
export type DashboardVariable = 'service' | 'agent' | 'tool' | 'slo';

/** Grafana's range of one rate step (at least four scrape intervals). */
export const RATE_INTERVAL = '$__rate_interval';
/** Grafana's whole selected time range. */
export const RANGE = '$__range';

/** Labels Prometheus adds to every scraped series; the runtime does not declare them. */
const TARGET_LABELS: readonly string[] = ['job', 'instance'];

/** Options of {@link selector}. */
export interface SelectorOptions {
  /** Variables to filter on, each as a regex matcher (`agent=~"$agent"`). @default [] */
  readonly vars?: readonly DashboardVariable[];
  /** Exact matchers. @default {} */
  readonly eq?: Readonly<Record<string, string>>;
  /** Regex matchers. @default {} */
  readonly re?: Readonly<Record<string, string>>;
  /** A histogram's `_bucket`, `_sum` or `_count` series. @default the metric itself */
  readonly series?: 'bucket' | 'sum' | 'count';
  /** Label the `service` variable filters on. @default DASHBOARD_DEFAULTS.serviceLabel */
  readonly serviceLabel?: string;
}

/** The label a dashboard variable filters on. */
export function variableLabel(
  variable: DashboardVariable,
  serviceLabel = DASHBOARD_DEFAULTS.serviceLabel,
): string {
  switch (variable) {
    case 'service':
      return serviceLabel;
    case 'agent':
      return LABEL_AGENT;
    case 'tool':
      return LABEL_TOOL;
    case 'slo':
      return LABEL_SLO;
  }
}

/**
 * A PromQL series selector for a metric declared in `conventions/`, e.g.
 * `agc_tool_calls_total{job=~"$service",agent=~"$agent",decision="deny"}`.
 *
 * @throws {@link DashboardError} when a label is not one the metric carries (or a target label),
 *   or `series` is asked of a metric that is not a histogram.
 */
export function selector(metric: MetricSpec, options: SelectorOptions = {}): string {
  const serviceLabel = options.serviceLabel ?? DASHBOARD_DEFAULTS.serviceLabel;
  let name = metric.name;
  if (options.series !== undefined) {
    if (metric.type !== 'histogram') {
      throw new DashboardError(
        `metric ${metric.name} is a ${metric.type}: it has no _${options.series} series`,
      );
    }
    name = `${metric.name}_${options.series}`;
  }
  const extra = options.series === 'bucket' ? ['le'] : [];
  const matchers: string[] = [];
  const add = (label: string, op: '=' | '=~', value: string) => {
    checkLabel(metric, label, extra);
    matchers.push(`${label}${op}"${escapePromqlString(value)}"`);
  };
  for (const variable of options.vars ?? []) {
    matchers.push(
      `${checkLabel(metric, variableLabel(variable, serviceLabel), extra)}=~"$${variable}"`,
    );
  }
  for (const [label, value] of Object.entries(options.eq ?? {})) add(label, '=', value);
  for (const [label, value] of Object.entries(options.re ?? {})) add(label, '=~', value);
  return matchers.length === 0 ? name : `${name}{${matchers.join(',')}}`;
}

/**
 * A grouping list (`agent, tool`) for `sum by (...)`, checked against the metric's labels.
 *
 * @throws {@link DashboardError} when a label is not one the metric carries.
 */
export function labelsOf(metric: MetricSpec, labels: readonly string[]): string {
  for (const label of labels) checkLabel(metric, label, ['le']);
  return labels.join(', ');
}

function checkLabel(metric: MetricSpec, label: string, extra: readonly string[]): string {
  if (metric.labels.includes(label) || TARGET_LABELS.includes(label) || extra.includes(label)) {
    return label;
  }
  const known = [...metric.labels, ...TARGET_LABELS, ...extra].join(', ');
  throw new DashboardError(`metric ${metric.name} has no label '${label}' (it has: ${known})`);
}

/** `rate(SELECTOR[WINDOW])`. @default window {@link RATE_INTERVAL} */
export function rate(series: string, window = RATE_INTERVAL): string {
  return `rate(${series}[${window}])`;
}

/** `increase(SELECTOR[WINDOW])`. @default window {@link RANGE} */
export function increase(series: string, window = RANGE): string {
  return `increase(${series}[${window}])`;
}
