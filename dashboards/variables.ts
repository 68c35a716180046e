import { dashboard } from './grafana-sdk.js';
import type { cog } from './grafana-sdk.js';
import {
  METRIC_RUNTIME_INFO,
  METRIC_SLO_OBJECTIVE,
  METRIC_TOOL_CALLS,
} from '../conventions/index.js';
import type { MetricSpec } from '../conventions/index.js';
import { DASHBOARD_DEFAULTS } from './defaults.js';
import { selector, variableLabel } from './promql.js';
import type { DashboardVariable } from './promql.js';

/** Where a variable's values come from. */
export interface VariableSource {
  /** Shown next to the picker. */
  readonly label: string;
  /** A metric that carries the variable's label on every series that matters. */
  readonly metric: MetricSpec;
  /** Variables (earlier on the dashboard) that narrow the values, e.g. agents of the service. */
  readonly narrowedBy: readonly DashboardVariable[];
}

/**
 * The value source of each dashboard variable. Services come from `agc_runtime_info` (one series
 * per running process), agents and tools from `agc_tool_calls_total`, SLOs from
 * `agc_slo_objective` (one series per SLO computed in process).
 */
export const VARIABLE_SOURCES: Readonly<Record<DashboardVariable, VariableSource>> = {
  service: { label: 'Service', metric: METRIC_RUNTIME_INFO, narrowedBy: [] },
  agent: { label: 'Agent', metric: METRIC_TOOL_CALLS, narrowedBy: ['service'] },
  tool: { label: 'Tool', metric: METRIC_TOOL_CALLS, narrowedBy: ['service', 'agent'] },
  slo: { label: 'SLO', metric: METRIC_SLO_OBJECTIVE, narrowedBy: ['service'] },
};

/** The Prometheus data source picker every panel queries through. */
export function datasourceVariable(): cog.Builder<dashboard.VariableModel> {
  return new dashboard.DatasourceVariableBuilder(DASHBOARD_DEFAULTS.datasourceVariable)
    .label('Data source')
    .type('prometheus');
}

/**
 * A multi-value query variable with an "All" option (`.*`), its values read with
 * `label_values(...)` narrowed by the variables already on the dashboard (ONDASHBOARD).
 */
export function queryVariable(
  variable: DashboardVariable,
  onDashboard: readonly DashboardVariable[],
): cog.Builder<dashboard.VariableModel> {
  const source = VARIABLE_SOURCES[variable];
  const vars = source.narrowedBy.filter((v) => onDashboard.includes(v));
  const query = `label_values(${selector(source.metric, { vars })}, ${variableLabel(variable)})`;
  return new dashboard.QueryVariableBuilder(variable)
    .label(source.label)
    .datasource({ type: 'prometheus', uid: `\${${DASHBOARD_DEFAULTS.datasourceVariable}}` })
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(DASHBOARD_DEFAULTS.allValue)
    .current({ text: 'All', value: '$__all' });
}
