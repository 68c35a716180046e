/**
 * `@agc/otel/dashboards`: Grafana dashboards built with `@grafana/grafana-foundation-sdk` from the
 * metric names in `conventions/`, and the governance alert rules. Generation-time only: nothing
 * here runs in the governed process. `agc dashboards build [--out DIR] [--check]` writes (or
 * checks) the JSON and YAML committed under `dashboards/`.
 */
export { buildAgcDashboard, dashboardQueries } from './agc-dashboard.js';
export type { AgcDashboardSpec, DashboardSection } from './agc-dashboard.js';
export { agentOverviewDashboard } from './agent-overview.js';
export { anomaliesDashboard } from './anomalies-dashboard.js';
export { policyDashboard } from './policy-dashboard.js';
export { sloDashboard } from './slo-dashboard.js';
export { DashboardError } from './dashboard-error.js';
export { DASHBOARD_DEFAULTS } from './defaults.js';
export type { DashboardDefaults } from './defaults.js';
export {
  DASHBOARDS,
  GOVERNANCE_ALERTS_FILE,
  checkDashboardFiles,
  generateDashboardFiles,
  writeDashboardFiles,
} from './dashboard-files.js';
export type { DashboardEntry, GeneratedFile, StaleFile } from './dashboard-files.js';
export {
  barGaugePanel,
  statPanel,
  stateTimelinePanel,
  tablePanel,
  timeseriesPanel,
} from './panels.js';
export type { PanelOptions, PanelQuery, ThresholdStep, ValueState } from './panels.js';
export {
  RANGE,
  RATE_INTERVAL,
  increase,
  labelsOf,
  rate,
  selector,
  variableLabel,
} from './promql.js';
export type { DashboardVariable, SelectorOptions } from './promql.js';
export { VARIABLE_SOURCES, datasourceVariable, queryVariable } from './variables.js';
export type { VariableSource } from './variables.js';
export {
  GOVERNANCE_ALERT_GROUP,
  generateGovernanceAlerts,
  renderGovernanceAlerts,
} from './alerts/governance-alerts.js';
export { GOVERNANCE_ALERT_DEFAULTS } from './alerts/defaults.js';
export type { GovernanceAlertSettings } from './alerts/defaults.js';
