import type { ToolCallEvent } from '../conventions/index.js';
import { normaliseScore, riskLevelOf, riskRank } from './score.js';
import { flooredSigma, robustStats } from './statistics.js';
import type { AnomalyOptions, Detector, DetectorSignal, FrequencyOptions } from './types.js';

/**
 * Tool-call frequency spike, per agent. Calls are counted in fixed event-time buckets
 * (`floor(timeMs / bucketMs)`; idle buckets count as 0). The running count of the current bucket
 * is scored on every call against the previous `baselineBuckets` completed buckets, which never
 * include the bucket being scored:
 *
 *   z = (count − mean) / max(σ, sigmaFloor, sigmaFloorRatio × mean)   (σ: population, as PromQL)
 *
 * or, with `method: 'mad'`, median and 1.4826 × MAD in place of mean and σ. Nothing is scored
 * until the baseline holds `warmupBuckets` active buckets (with at least one call): a new agent
 * warms up, and so does one resuming after a long idle spell (a nightly batch agent is not a
 * storm against twelve hours of zeros). Upward spikes only. Fires when z crosses
 * `threshold` and again when the finding's severity rises; re-arms at the next bucket. The
 * generated Prometheus rules compute the same z from `agc_tool_calls_total`.
 */
export class FrequencyDetector implements Detector {
  /** @inheritdoc */
  readonly kind = 'frequency' as const;
  /** @inheritdoc */
  score = 0;
  /** z of the latest call's bucket count (NaN while warming up). */
  z = NaN;

  private readonly o: FrequencyOptions;
  private readonly ring: Float64Array;
  private readonly scratch: number[] = [];
  private head = 0;
  private filled = 0;
  private active = 0;
  private sum = 0;
  private sumSquares = 0;
  private bucket = NaN;
  private count = 0;
  private center = 0;
  private sigma = 0;
  private spread = 0;
  private firedRank = 0;

  constructor(private readonly options: AnomalyOptions) {
    this.o = options.frequency;
    this.ring = new Float64Array(this.o.baselineBuckets);
  }

  /** @inheritdoc */
  ingest(event: ToolCallEvent): DetectorSignal | undefined {
    const t = event.timeMs;
    if (!Number.isFinite(t)) return undefined;
    this.advance(Math.floor(t / this.o.bucketMs));
    this.count++;
    if (this.active < this.o.warmupBuckets) return undefined;
    const z = (this.count - this.center) / this.spread;
    this.z = z;
    const score = normaliseScore(z, this.o.threshold, this.o.saturation);
    this.score = score;
    const rank = riskRank(riskLevelOf(score, this.options.risk));
    if (rank <= this.firedRank) return undefined;
    this.firedRank = rank;
    const label = this.o.method === 'mad' ? 'median' : 'mean';
    return {
      score,
      reason:
        `${this.count} calls in the current ${this.o.bucketMs / 1000}s bucket: z ${z.toFixed(1)} ` +
        `over the baseline ${label} ${this.center.toFixed(2)} (σ ${this.sigma.toFixed(2)}, ` +
        `floored ${this.spread.toFixed(2)}, ${this.filled} buckets, ${this.active} active)`,
      details: {
        z,
        count: this.count,
        [label]: this.center,
        sigma: this.sigma,
        sigmaFloored: this.spread,
        baselineBuckets: this.filled,
        activeBuckets: this.active,
        bucketMs: this.o.bucketMs,
      },
    };
  }

  /** @inheritdoc */
  reset(): void {
    this.ring.fill(0);
    this.head = this.filled = this.active = this.sum = this.sumSquares = this.count = 0;
    this.firedRank = 0;
    this.center = this.sigma = this.spread = this.score = 0;
    this.bucket = this.z = NaN;
  }

  /** Closes the current bucket (and idle ones) when BUCKET is later; earlier times count now. */
  private advance(bucket: number): void {
    if (Number.isNaN(this.bucket)) {
      this.bucket = bucket;
      return;
    }
    if (bucket <= this.bucket) return;
    this.push(this.count);
    const idle = Math.min(bucket - this.bucket - 1, this.ring.length);
    for (let i = 0; i < idle; i++) this.push(0);
    this.bucket = bucket;
    this.count = 0;
    this.firedRank = 0;
    this.score = 0;
    this.z = NaN;
    this.refreshBaseline();
  }

  private push(count: number): void {
    if (this.filled === this.ring.length) {
      const old = this.ring[this.head] as number;
      this.sum -= old;
      this.sumSquares -= old * old;
      if (old > 0) this.active--;
    } else {
      this.filled++;
    }
    this.ring[this.head] = count;
    if (count > 0) this.active++;
    this.sum += count;
    this.sumSquares += count * count;
    this.head = (this.head + 1) % this.ring.length;
  }

  /** Baseline statistics change only when a bucket closes, so they are computed once here. */
  private refreshBaseline(): void {
    const n = this.filled;
    if (this.o.method === 'mad') {
      this.scratch.length = n;
      for (let i = 0; i < n; i++) this.scratch[i] = this.ring[i] as number;
      const robust = robustStats(this.scratch);
      this.center = robust.center;
      this.sigma = robust.sigma;
    } else {
      // Counts are integers, so the running sums are exact and this form does not drift.
      this.center = this.sum / n;
      this.sigma = Math.sqrt(Math.max(0, n * this.sumSquares - this.sum * this.sum)) / n;
    }
    this.spread = flooredSigma(this.sigma, this.center, this.o.sigmaFloor, this.o.sigmaFloorRatio);
  }
}
