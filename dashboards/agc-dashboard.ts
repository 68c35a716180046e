import { dashboard } from './grafana-sdk.js';
import type { cog } from './grafana-sdk.js';
import { DashboardError } from './dashboard-error.js';
import { DASHBOARD_DEFAULTS } from './defaults.js';
import type { DashboardVariable } from './promql.js';
import { datasourceVariable, queryVariable } from './variables.js';

/** A titled row of panels. */
export interface DashboardSection {
  /** Row title. */
  readonly title: string;
  /** Panels in the row, laid out left to right by their widths (24 columns a line). */
  readonly panels: readonly cog.Builder<dashboard.Panel>[];
}

/** What one generated dashboard is made of. */
export interface AgcDashboardSpec {
  /** Stable uid (links and provisioning refer to it). */
  readonly uid: string;
  /** Title, `AGC / ...` so the dashboards sort together. */
  readonly title: string;
  /** One line shown in the dashboard list. */
  readonly description: string;
  /** Variables, in picker order; each must be used by at least one query. */
  readonly variables: readonly DashboardVariable[];
  /** Rows, top to bottom. */
  readonly sections: readonly DashboardSection[];
}

/** A dashboard variable reference in a query: `$agent` or `${agent}` (Grafana built-ins start `__`). */
const VARIABLE_REF = /\$(?:\{([A-Za-z0-9_]+)(?::[a-z]+)?\}|([A-Za-z0-9_]+))/g;

/**
 * Builds one dashboard with the shared look: the data source picker and SPEC's variables, one
 * row per section, a link menu to the other `agc` dashboards, and panel ids numbered in order.
 *
 * @throws {@link DashboardError} when a query uses a variable the dashboard does not define, or a
 *   variable is defined that no query uses.
 */
export function buildAgcDashboard(spec: AgcDashboardSpec): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([...DASHBOARD_DEFAULTS.tags])
    .refresh(DASHBOARD_DEFAULTS.refresh)
    .time({ from: DASHBOARD_DEFAULTS.timeFrom, to: 'now' })
    .timezone('browser')
    .editable()
    .link(
      new dashboard.DashboardLinkBuilder('AGC dashboards')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([...DASHBOARD_DEFAULTS.tags])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    )
    .withVariable(datasourceVariable());
  for (const variable of spec.variables) {
    builder.withVariable(queryVariable(variable, spec.variables));
  }
  for (const section of spec.sections) {
    builder.withRow(new dashboard.RowBuilder(section.title));
    for (const panel of section.panels) builder.withPanel(panel);
  }
  const built = builder.build();
  (built.panels ?? []).forEach((panel: { id?: number }, index: number) => (panel.id = index + 1));
  checkVariables(spec, built);
  return built;
}

/** Every query of every panel (and variable) of a built dashboard, in order. */
export function dashboardQueries(
  built: dashboard.Dashboard,
): { panel: string; refId: string; expr: string }[] {
  const out: { panel: string; refId: string; expr: string }[] = [];
  for (const panel of built.panels ?? []) {
    if (panel.type === 'row') continue;
    for (const target of (panel as dashboard.Panel).targets ?? []) {
      const { expr, refId } = target as { expr?: unknown; refId?: unknown };
      if (typeof expr === 'string') {
        out.push({ panel: panel.title ?? '', refId: typeof refId === 'string' ? refId : '', expr });
      }
    }
  }
  return out;
}

function checkVariables(spec: AgcDashboardSpec, built: dashboard.Dashboard): void {
  const defined = new Set<string>([DASHBOARD_DEFAULTS.datasourceVariable, ...spec.variables]);
  const used = new Set<string>();
  const texts = [
    ...dashboardQueries(built).map((q) => ({
      where: `panel '${q.panel}'`,
      text: q.expr,
      panel: true,
    })),
    ...(built.templating.list ?? []).map((v: dashboard.VariableModel) => ({
      where: `variable '${v.name}'`,
      text: typeof v.query === 'string' ? v.query : '',
      panel: false,
    })),
  ];
  for (const { where, text, panel } of texts) {
    for (const match of text.matchAll(VARIABLE_REF)) {
      const name = match[1] ?? match[2] ?? '';
      if (name.startsWith('__')) continue;
      if (!defined.has(name)) {
        throw new DashboardError(
          `dashboard '${spec.uid}', ${where}: uses $${name}, which the dashboard does not define`,
        );
      }
      if (panel) used.add(name);
    }
  }
  for (const variable of spec.variables) {
    if (!used.has(variable)) {
      throw new DashboardError(
        `dashboard '${spec.uid}': variable '${variable}' is defined but no panel query uses it`,
      );
    }
  }
}
