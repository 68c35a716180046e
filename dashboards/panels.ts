import {
  bargauge,
  common,
  dashboard,
  prometheus,
  stat,
  statetimeline,
  table,
  timeseries,
} from './grafana-sdk.js';
import type { cog } from './grafana-sdk.js';
import { DASHBOARD_DEFAULTS } from './defaults.js';

/** One PromQL query of a panel. */
export interface PanelQuery {
  /** The expression; may use `$service`, `$agent`, `$tool`, `$slo`, `$__rate_interval`, `$__range`. */
  readonly expr: string;
  /** Legend template, e.g. `{{tool}}`. @default Grafana's (the series labels) */
  readonly legend?: string;
}

/** A colour from a value on: `value` null is the base colour. */
export interface ThresholdStep {
  /** Lower bound of the step; null for the base step. */
  readonly value: number | null;
  /** Grafana colour name or hex. */
  readonly color: string;
}

/** Display text and colour of one exact value (for state gauges: 0 closed, 2 open...). */
export interface ValueState {
  /** Text shown instead of the number. */
  readonly text: string;
  /** Grafana colour name or hex. */
  readonly color: string;
}

/** What every panel factory takes. */
export interface PanelOptions {
  /** Panel title. */
  readonly title: string;
  /** Shown in the panel's info tooltip: what it shows and where the numbers come from. */
  readonly description: string;
  /** The queries, `refId` A, B, C... in order. */
  readonly queries: readonly PanelQuery[];
  /** Grafana unit id (`reqps`, `s`, `percentunit`, `short`...). @default 'short' */
  readonly unit?: string;
  /** Width in grid columns (of 24). @default 12 */
  readonly width?: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
  /** Colour steps. @default none (Grafana's green/red at 80) */
  readonly thresholds?: readonly ThresholdStep[];
  /** Exact values shown as text. @default none */
  readonly states?: Readonly<Record<number, ValueState>>;
  /** Lower bound of the value axis. @default auto */
  readonly min?: number;
  /** Upper bound of the value axis. @default auto */
  readonly max?: number;
  /** Text shown when the query returns nothing. @default Grafana's "No data" */
  readonly noValue?: string;
}

/** The methods shared by every foundation-SDK panel builder that the factories use. */
interface CommonPanelBuilder<B> extends cog.Builder<dashboard.Panel> {
  title(title: string): B;
  description(description: string): B;
  datasource(datasource: common.DataSourceRef): B;
  withTarget(target: cog.Builder<cog.Dataquery>): B;
  unit(unit: string): B;
  span(span: number): B;
  height(height: number): B;
  thresholds(thresholds: cog.Builder<dashboard.ThresholdsConfig>): B;
  mappings(mappings: dashboard.ValueMapping[]): B;
  min(min: number): B;
  max(max: number): B;
  noValue(noValue: string): B;
}

/** A time series graph. `stack` stacks the series (shares of a whole, e.g. calls by decision). */
export function timeseriesPanel(
  options: PanelOptions & { readonly stack?: boolean },
): cog.Builder<dashboard.Panel> {
  const panel = configure(new timeseries.PanelBuilder(), options, 'range')
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(['mean', 'max', 'lastNotNull']),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    )
    .fillOpacity(options.stack ? 40 : 10);
  if (options.stack)
    panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  return panel;
}

/** One big number per series (the last value), with a sparkline. */
export function statPanel(options: PanelOptions): cog.Builder<dashboard.Panel> {
  return configure(new stat.PanelBuilder(), options, 'range')
    .graphMode(common.BigValueGraphMode.Area)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/** Horizontal bars of the current value per series: top-N lists. */
export function barGaugePanel(options: PanelOptions): cog.Builder<dashboard.Panel> {
  return configure(new bargauge.PanelBuilder(), options, 'instant')
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .orientation(common.VizOrientation.Horizontal)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/** A table of the current value per series, one column per label. */
export function tablePanel(options: PanelOptions): cog.Builder<dashboard.Panel> {
  return configure(new table.PanelBuilder(), options, 'table').withTransformation({
    id: 'organize',
    options: { excludeByName: { Time: true } },
  });
}

/** A state timeline: one lane per series, coloured by its state (closed/half-open/open...). */
export function stateTimelinePanel(options: PanelOptions): cog.Builder<dashboard.Panel> {
  return configure(new statetimeline.PanelBuilder(), options, 'range')
    .mergeValues(true)
    .showValue(common.VisibilityMode.Auto)
    .rowHeight(0.8);
}

function configure<B extends CommonPanelBuilder<B>>(
  builder: B,
  options: PanelOptions,
  mode: 'range' | 'instant' | 'table',
): B {
  builder
    .title(options.title)
    .description(options.description)
    .datasource({ type: 'prometheus', uid: `\${${DASHBOARD_DEFAULTS.datasourceVariable}}` })
    .unit(options.unit ?? 'short')
    .span(options.width ?? 12)
    .height(options.height ?? 8);
  options.queries.forEach((query, i) => builder.withTarget(target(query, i, mode)));
  if (options.thresholds !== undefined) {
    builder.thresholds(
      new dashboard.ThresholdsConfigBuilder()
        .mode(dashboard.ThresholdsMode.Absolute)
        .steps([...options.thresholds]),
    );
  }
  if (options.states !== undefined) {
    const entries = Object.entries(options.states).map(
      ([value, state], index): [string, dashboard.ValueMappingResult] => [
        value,
        { text: state.text, color: state.color, index },
      ],
    );
    builder.mappings([
      { type: dashboard.MappingType.ValueToText, options: Object.fromEntries(entries) },
    ]);
  }
  if (options.min !== undefined) builder.min(options.min);
  if (options.max !== undefined) builder.max(options.max);
  if (options.noValue !== undefined) builder.noValue(options.noValue);
  return builder;
}

function target(
  query: PanelQuery,
  index: number,
  mode: 'range' | 'instant' | 'table',
): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder().expr(query.expr).refId(refId(index));
  if (query.legend !== undefined) builder.legendFormat(query.legend);
  if (mode === 'instant') builder.instant();
  if (mode === 'table') builder.instant().format(prometheus.PromQueryFormat.Table);
  return builder;
}

// A, B, ..., Z, then AA, AB... (Grafana's own sequence).
function refId(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${refId(Math.floor(index / 26) - 1)}${letter}`;
}
