import type { ToolCallEvent } from '../conventions/index.js';
import { BucketedCounter, type WindowCounts } from './bucketed-counter.js';
import {
  budgetRemaining,
  burnRate,
  errorRatio,
  tierFires,
  tierThreshold,
  timeToExhaustionMs,
} from './burn-rate.js';
import { formatDuration } from '../common/index.js';
import {
  compileSli,
  isNativeSli,
  SLI_BAD,
  SLI_IGNORED,
  type SliClassifier,
  type SliOutcome,
} from './sli-classifier.js';
import type { AlertState, SloSpec, SloStatus, TierStatus, WindowStatus } from './types.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Most buckets one ring may hold (memory bound: 2 × 8 bytes each). @default 100000 */
export const MAX_RING_BUCKETS = 100_000;

/**
 * In-process SLO calculator for one native SLO: `record` every finished tool call, `evaluate`
 * at any instant. Both are O(1) in the number of events (O(windows) per evaluate), memory is
 * fixed (two prefix-sum rings, ≈80 KB for the 30d Google windows), and time only comes from the
 * events and the `nowMs` argument, so offline evaluation of a recording equals the live result.
 *
 * Resolution: the alert windows use buckets of `gcd(windows, shortest / 5)` (1 min for the
 * Google windows), so at whole-bucket instants every window is exactly `(now − w, now]`; the SLO
 * period uses `gcd(period, 1h)` buckets (1 h for 30d).
 */
export class SloCalculator {
  readonly spec: SloSpec;
  private readonly classify: SliClassifier;
  private readonly fine: BucketedCounter;
  private readonly coarse: BucketedCounter;
  private readonly windowMs: readonly number[];
  private readonly windowBuckets: readonly number[];
  private readonly tierLong: readonly number[];
  private readonly tierShort: readonly number[];
  private readonly pageTiers: readonly number[];
  private readonly periodBuckets: number;
  /** Index (in `windowMs`) of the shortest long window: its burn drives time to exhaustion. */
  private readonly exhaustionWindow: number;
  private readonly scratchLong: WindowCounts = { events: 0, bad: 0 };
  private readonly scratchShort: WindowCounts = { events: 0, bad: 0 };

  /**
   * @throws RangeError when the spec's SLI is PromQL (rule generation only) or its windows would
   * need more than {@link MAX_RING_BUCKETS} buckets
   */
  constructor(spec: SloSpec) {
    if (!isNativeSli(spec.sli)) {
      throw new RangeError(
        `slo '${spec.name}': a ${spec.sli.kind} SLI is PromQL; only native SLIs are computed in process`,
      );
    }
    this.spec = spec;
    this.classify = compileSli(spec.sli, spec.selector);
    const lengths = [...new Set(spec.windows.flatMap((w) => [w.longMs, w.shortMs]))].sort(
      (a, b) => a - b,
    );
    const shortest = lengths[0] ?? MINUTE_MS;
    const longest = lengths[lengths.length - 1] ?? MINUTE_MS;
    const width = lengths.reduce(gcd, Math.max(1000, Math.floor(shortest / 5000) * 1000));
    this.fine = new BucketedCounter(width, ringSize(spec.name, longest, width));
    const periodWidth = gcd(spec.periodMs, HOUR_MS);
    this.periodBuckets = ringSize(spec.name, spec.periodMs, periodWidth);
    this.coarse = new BucketedCounter(periodWidth, this.periodBuckets);
    this.windowMs = lengths;
    this.windowBuckets = lengths.map((ms) => ms / width);
    this.tierLong = spec.windows.map((w) => lengths.indexOf(w.longMs));
    this.tierShort = spec.windows.map((w) => lengths.indexOf(w.shortMs));
    this.pageTiers = spec.windows.flatMap((w, i) => (w.severity === 'page' ? [i] : []));
    const longs = spec.windows.map((w) => w.longMs);
    this.exhaustionWindow = longs.length > 0 ? lengths.indexOf(Math.min(...longs)) : 0;
  }

  /** Bucket width of the alert windows, milliseconds. */
  get resolutionMs(): number {
    return this.fine.widthMs;
  }

  /**
   * Applies the SLI and selector to one finished call and counts it. Events of other agents or
   * tools, blocked calls for run-time SLIs and events with a non-finite time are ignored.
   * O(1), allocation-free, never throws.
   */
  record(event: ToolCallEvent): SliOutcome {
    const outcome = this.classify(event);
    if (outcome === SLI_IGNORED || !Number.isFinite(event.timeMs)) return SLI_IGNORED;
    const bad = outcome === SLI_BAD;
    this.fine.record(event.timeMs, bad);
    this.coarse.record(event.timeMs, bad);
    return outcome;
  }

  /**
   * Whether a page tier fires at `nowMs` (burn on both windows and the minimum-events guard),
   * without allocating: what the circuit breaker asks on every bad event.
   */
  pageFiring(nowMs: number): boolean {
    for (const i of this.pageTiers) if (this.tierFiring(i, nowMs)) return true;
    return false;
  }

  /** Full status at `nowMs`: every window, every tier, budget and time to exhaustion. */
  evaluate(nowMs: number): SloStatus {
    const budget = this.spec.errorBudget;
    const counts: WindowCounts = { events: 0, bad: 0 };
    const windows = this.windowMs.map((ms, i) =>
      windowStatus(ms, this.fine.sum(this.windowBuckets[i] ?? 0, nowMs, counts), budget),
    );
    let alert: AlertState = 'ok';
    const tiers = this.spec.windows.map((w, i): TierStatus => {
      const long = windows[this.tierLong[i] ?? 0];
      const short = windows[this.tierShort[i] ?? 0];
      const longRatio = long?.errorRatio ?? Number.NaN;
      const shortRatio = short?.errorRatio ?? Number.NaN;
      const threshold = tierThreshold(w, budget);
      const firing = tierFires(w, budget, longRatio, shortRatio, long?.events ?? 0);
      if (firing) alert = w.severity === 'page' || alert === 'page' ? 'page' : 'ticket';
      return {
        severity: w.severity,
        long: formatDuration(w.longMs),
        short: formatDuration(w.shortMs),
        factor: w.factor,
        threshold,
        minEvents: w.minEvents,
        firing,
        guarded: !firing && longRatio > threshold && shortRatio > threshold,
      };
    });
    const period = windowStatus(
      this.spec.periodMs,
      this.coarse.sum(this.periodBuckets, nowMs, counts),
      budget,
    );
    const remaining = budgetRemaining(period.badEvents, period.events, budget);
    const currentBurn = windows[this.exhaustionWindow]?.burnRate ?? Number.NaN;
    return {
      slo: this.spec.name,
      atMs: nowMs,
      objective: this.spec.objective,
      alert,
      windows,
      tiers,
      period,
      burnRate: currentBurn,
      budgetRemaining: remaining,
      timeToExhaustionMs: timeToExhaustionMs(remaining, currentBurn, this.spec.periodMs),
      eventsTotal: this.fine.totalEvents,
      badEventsTotal: this.fine.badEvents,
    };
  }

  private tierFiring(i: number, nowMs: number): boolean {
    const w = this.spec.windows[i];
    if (w === undefined) return false;
    const long = this.fine.sum(
      this.windowBuckets[this.tierLong[i] ?? 0] ?? 0,
      nowMs,
      this.scratchLong,
    );
    const short = this.fine.sum(
      this.windowBuckets[this.tierShort[i] ?? 0] ?? 0,
      nowMs,
      this.scratchShort,
    );
    return tierFires(
      w,
      this.spec.errorBudget,
      errorRatio(long.bad, long.events),
      errorRatio(short.bad, short.events),
      long.events,
    );
  }
}

function windowStatus(ms: number, counts: WindowCounts, budget: number): WindowStatus {
  const ratio = errorRatio(counts.bad, counts.events);
  return {
    window: formatDuration(ms),
    windowMs: ms,
    events: counts.events,
    badEvents: counts.bad,
    errorRatio: ratio,
    burnRate: burnRate(ratio, budget),
  };
}

function ringSize(slo: string, spanMs: number, widthMs: number): number {
  const buckets = spanMs / widthMs;
  if (buckets > MAX_RING_BUCKETS) {
    throw new RangeError(
      `slo '${slo}': ${formatDuration(spanMs)} at ${formatDuration(widthMs)} resolution needs ${buckets} buckets (max ${MAX_RING_BUCKETS}); use windows that are whole minutes`,
    );
  }
  return Math.max(1, buckets);
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y > 0) [x, y] = [y, x % y];
  return x;
}
