import type { Registry } from 'prom-client';
import type { MetricSpec } from '../conventions/index.js';

type Labels = Record<string, string>;
type Value = { value: number; labels: Labels; metricName?: string };

/** How many series one metric family keeps, and who hears of a label set folded away. */
export interface SeriesLimit {
  /** Series of the family before new label sets are folded into `_other`. @default 10_000 */
  readonly maxSeries: number;
  /** Called with the family's name for every label set folded. */
  readonly onFold: (metric: string) => void;
}

const DEFAULT_LIMIT: SeriesLimit = { maxSeries: 10_000, onFold: () => undefined };
/** The labels a fold sets to `_other` (the ones callers' input multiplies). */
const FOLDED_LABELS = ['agent', 'tool'] as const;
const OTHER = '_other';

/**
 * Counter and histogram series on the hot path, kept as plain numbers per label set and turned
 * into prom-client's exposition only when scraped. prom-client's own `inc`/`observe` hash the
 * label object on every call (about 1 µs each), which would double the cost of a governed call.
 * Callers ask once for a series handle (`series(labels)`) and keep it; updating a handle is a
 * plain number update.
 */
abstract class FastMetric<S> {
  readonly name: string;
  readonly help: string;
  protected readonly _series = new Map<string, { labels: Labels; state: S }>();
  private readonly _limit: SeriesLimit;

  constructor(
    spec: MetricSpec,
    registry: Registry,
    readonly type: 'counter' | 'histogram',
    limit: Partial<SeriesLimit> = {},
  ) {
    this.name = spec.name;
    this.help = spec.help;
    this._limit = { ...DEFAULT_LIMIT, ...limit };
    registry.registerMetric(this as never);
  }

  protected _get(labels: Labels, init: () => S): S {
    const key = JSON.stringify(labels);
    let series = this._series.get(key);
    if (series === undefined) {
      if (this._series.size >= this._limit.maxSeries) return this._folded(labels, init);
      series = { labels, state: init() };
      this._series.set(key, series);
    }
    return series.state;
  }

  /**
   * The overflow series of LABELS once the family holds `maxSeries`: the same labels with the
   * high-cardinality ones (`agent`, `tool`) set to `_other`, kept beyond the cap (there are few).
   */
  private _folded(labels: Labels, init: () => S): S {
    this._limit.onFold(this.name);
    const folded: Labels = { ...labels };
    for (const label of FOLDED_LABELS) if (label in folded) folded[label] = OTHER;
    const key = JSON.stringify(folded);
    let series = this._series.get(key);
    if (series === undefined) {
      series = { labels: folded, state: init() };
      this._series.set(key, series);
    }
    return series.state;
  }

  /** prom-client's metric interface, called at scrape time. */
  get(): Promise<{
    name: string;
    help: string;
    type: string;
    values: Value[];
    aggregator: string;
  }> {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values: this._values(),
      aggregator: 'sum',
    });
  }

  protected abstract _values(): Value[];
}

/** A counter vector. */
export class FastCounter extends FastMetric<{ n: number }> {
  constructor(spec: MetricSpec, registry: Registry, limit?: Partial<SeriesLimit>) {
    super(spec, registry, 'counter', limit);
  }

  /** The series of LABELS; add to its `n`. */
  series(labels: Labels): { n: number } {
    return this._get(labels, () => ({ n: 0 }));
  }

  protected _values(): Value[] {
    return [...this._series.values()].map((s) => ({ labels: s.labels, value: s.state.n }));
  }
}

/** A histogram vector with fixed buckets. */
export class FastHistogram extends FastMetric<{
  counts: Float64Array;
  sum: number;
  count: number;
}> {
  private readonly _buckets: readonly number[];

  constructor(spec: MetricSpec, registry: Registry, limit?: Partial<SeriesLimit>) {
    super(spec, registry, 'histogram', limit);
    this._buckets = [...(spec.buckets ?? [])].sort((a, b) => a - b);
  }

  /** The series of LABELS, to pass to {@link FastHistogram.observe}. */
  series(labels: Labels): { counts: Float64Array; sum: number; count: number } {
    return this._get(labels, () => ({
      counts: new Float64Array(this._buckets.length),
      sum: 0,
      count: 0,
    }));
  }

  /** Records V in series S. */
  observe(s: { counts: Float64Array; sum: number; count: number }, v: number): void {
    const b = this._buckets;
    for (let i = 0; i < b.length; i++) {
      if (v <= (b[i] as number)) {
        (s.counts[i] as number)++;
        break;
      }
    }
    s.sum += v;
    s.count++;
  }

  protected _values(): Value[] {
    const out: Value[] = [];
    for (const { labels, state } of this._series.values()) {
      let cumulative = 0;
      this._buckets.forEach((le, i) => {
        cumulative += state.counts[i] ?? 0;
        out.push({
          metricName: `${this.name}_bucket`,
          labels: { ...labels, le: String(le) },
          value: cumulative,
        });
      });
      out.push({
        metricName: `${this.name}_bucket`,
        labels: { ...labels, le: '+Inf' },
        value: state.count,
      });
      out.push({ metricName: `${this.name}_sum`, labels, value: state.sum });
      out.push({ metricName: `${this.name}_count`, labels, value: state.count });
    }
    return out;
  }
}

/**
 * A metric whose values are computed by a callback at scrape time (SLO gauges and counters
 * that the SLO monitor already keeps).
 */
export class CollectedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: string;

  constructor(
    spec: MetricSpec,
    registry: Registry,
    private readonly _collect: () => Value[],
  ) {
    this.name = spec.name;
    this.help = spec.help;
    this.type = spec.type;
    registry.registerMetric(this as never);
  }

  get(): Promise<{
    name: string;
    help: string;
    type: string;
    values: Value[];
    aggregator: string;
  }> {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values: this._collect(),
      aggregator: 'sum',
    });
  }
}
