/** Settings shared by every generated dashboard, kept as data in one place. */
export interface DashboardDefaults {
  /**
   * Label the `service` variable filters on. The runtime's `/metrics` carries no service label;
   * Prometheus adds the scrape `job`, so run one job per service (or relabel `job` to
   * `OTEL_SERVICE_NAME`). The Collector's Prometheus exporter also maps `service.name` to `job`.
   * @default 'job'
   */
  readonly serviceLabel: string;
  /** Name of the data source variable every panel queries through. @default 'datasource' */
  readonly datasourceVariable: string;
  /** Dashboard auto-refresh. @default '30s' */
  readonly refresh: string;
  /** Default time range start (relative to now). @default 'now-6h' */
  readonly timeFrom: string;
  /** Tags on every dashboard, so they can be listed and linked together. @default ['agc'] */
  readonly tags: readonly string[];
  /** Rows in "top N" panels. @default 10 */
  readonly topN: number;
  /** Value of a multi-value variable's "All" option, as a regular expression. @default '.*' */
  readonly allValue: string;
}

/** The defaults of every generated dashboard. */
export const DASHBOARD_DEFAULTS: DashboardDefaults = {
  serviceLabel: 'job',
  datasourceVariable: 'datasource',
  refresh: '30s',
  timeFrom: 'now-6h',
  tags: ['agc'],
  topN: 10,
  allValue: '.*',
};
