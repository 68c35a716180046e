/**
 * `@agc/otel/dashboards`: the Grafana dashboards and Prometheus alerting rules the package ships,
 * generated from the metric conventions, and the builder for dashboards of your own.
 */
export {
  DASHBOARDS,
  DashboardError,
  buildAgcDashboard,
  checkDashboardFiles,
  generateDashboardFiles,
  generateGovernanceAlerts,
  renderGovernanceAlerts,
  writeDashboardFiles,
} from '../dashboards/index.js';
export type {
  AgcDashboardSpec,
  DashboardEntry,
  GeneratedFile,
  GovernanceAlertSettings,
  StaleFile,
} from '../dashboards/index.js';
