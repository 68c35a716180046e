/**
 * Good/bad event counts in fixed time buckets, with O(1) record and O(1) window sums.
 *
 * Bucket `k` holds events with `k·width < timeMs <= (k+1)·width`, so a window of `n` buckets
 * evaluated at a bucket-aligned instant `t` covers exactly `(t - n·width, t]` — the same events
 * Prometheus' `increase(counter[n·width])` sees when the counter is sampled at bucket edges.
 * Between edges the newest bucket is partial and the window spans between `(n-1)·width` and
 * `n·width`.
 *
 * The ring stores cumulative totals at the end of each bucket (a prefix sum), so a window sum is
 * two subtractions whatever its length; integers stay exact in float64 up to 2^53 events. Memory
 * is fixed at construction: two Float64Arrays of `spanBuckets + 1` entries.
 *
 * Time comes only from the caller (`timeMs`, `nowMs`), never from the clock, so replaying a
 * recording gives the same sums as the live run. Time jumps forward are filled in O(gap) bounded
 * by the ring length; events older than the newest bucket (late or out of order) are counted in
 * the newest bucket; evaluating before the newest bucket evaluates at the newest bucket.
 */
export class BucketedCounter {
  /** Bucket width, milliseconds. */
  readonly widthMs: number;
  /** Longest window (in buckets) a sum may span. */
  readonly spanBuckets: number;
  private readonly length: number;
  private readonly cumTotal: Float64Array;
  private readonly cumBad: Float64Array;
  /** Index of the newest bucket; NaN before the first event. */
  private head = Number.NaN;
  /** Index of the first bucket that received an event (cold start: nothing before it). */
  private first = Number.NaN;
  private total = 0;
  private bad = 0;

  /**
   * @param widthMs bucket width in milliseconds (a positive integer)
   * @param spanBuckets the longest window, in buckets, that {@link sum} will be asked for
   * @throws RangeError when either is not a positive integer
   */
  constructor(widthMs: number, spanBuckets: number) {
    if (!Number.isSafeInteger(widthMs) || widthMs <= 0) {
      throw new RangeError(`bucket width must be a positive integer of ms, got ${widthMs}`);
    }
    if (!Number.isSafeInteger(spanBuckets) || spanBuckets <= 0) {
      throw new RangeError(`span must be a positive number of buckets, got ${spanBuckets}`);
    }
    this.widthMs = widthMs;
    this.spanBuckets = spanBuckets;
    this.length = spanBuckets + 1;
    this.cumTotal = new Float64Array(this.length);
    this.cumBad = new Float64Array(this.length);
  }

  /** Events recorded since construction. */
  get totalEvents(): number {
    return this.total;
  }

  /** Bad events recorded since construction. */
  get badEvents(): number {
    return this.bad;
  }

  /** Bucket index of an instant: the bucket whose interval `(k·w, (k+1)·w]` contains it. */
  bucketOf(timeMs: number): number {
    return Math.ceil(timeMs / this.widthMs) - 1;
  }

  /** Counts one event at `timeMs`; `bad` marks it bad. O(1) amortised. */
  record(timeMs: number, bad: boolean): void {
    const k = this.bucketOf(timeMs);
    if (Number.isNaN(this.head)) {
      // Cold start: the cumulative sums before the first event are 0 (the arrays' initial value).
      this.head = k;
      this.first = k;
    } else if (k > this.head) {
      this.advance(k);
    }
    this.total += 1;
    if (bad) this.bad += 1;
    const slot = this.slot(this.head);
    this.cumTotal[slot] = this.total;
    this.cumBad[slot] = this.bad;
  }

  /**
   * Sums the last `buckets` buckets ending at the bucket of `nowMs` into `out` (no allocation).
   * @param buckets window length in buckets, at most {@link spanBuckets}
   */
  sum(buckets: number, nowMs: number, out: WindowCounts): WindowCounts {
    if (Number.isNaN(this.head)) {
      out.events = 0;
      out.bad = 0;
      return out;
    }
    const end = Math.max(this.bucketOf(nowMs), this.head);
    const start = end - buckets; // exclusive: cumulative value at the end of bucket `start`
    out.events = this.total - this.cumulative(this.cumTotal, this.total, start);
    out.bad = this.bad - this.cumulative(this.cumBad, this.bad, start);
    return out;
  }

  /** Cumulative count at the end of bucket `k`; `running` is the count at the newest bucket. */
  private cumulative(values: Float64Array, running: number, k: number): number {
    if (k >= this.head) return running;
    if (k < this.first) return 0;
    // k > head - length holds because end >= head and buckets <= spanBuckets = length - 1.
    return values[this.slot(k)] ?? 0;
  }

  private advance(k: number): void {
    const gap = k - this.head;
    if (gap >= this.length) {
      this.cumTotal.fill(this.total);
      this.cumBad.fill(this.bad);
    } else {
      for (let i = this.head + 1; i <= k; i++) {
        const slot = this.slot(i);
        this.cumTotal[slot] = this.total;
        this.cumBad[slot] = this.bad;
      }
    }
    this.head = k;
  }

  private slot(k: number): number {
    const r = k % this.length;
    return r < 0 ? r + this.length : r;
  }
}

/** Counts over one window, filled in place by {@link BucketedCounter.sum}. */
export interface WindowCounts {
  events: number;
  bad: number;
}
