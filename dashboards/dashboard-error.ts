/**
 * A dashboard or alert rule that cannot be generated: a label the metric does not carry, a
 * variable no query uses, a metric name outside `conventions/`. Thrown at generation time only
 * (`agc dashboards build`), never at run time; the message names the dashboard, panel or rule.
 */
export class DashboardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DashboardError';
  }
}
