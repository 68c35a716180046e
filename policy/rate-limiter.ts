/**
 * Token buckets for `limit` rules: `count` tokens, refilled continuously at `count / per`, so a
 * burst of `count` is allowed and then one call every `per / count`. Time comes from the call,
 * so replaying recorded calls reproduces the same decisions.
 *
 * At most `maxKeys` keys are tracked. Only a bucket that has refilled completely is forgotten
 * (it is the same as a new one), so cycling through many other keys never hands an active key a
 * fresh bucket; when every tracked key is still active, a new key is refused until one is idle
 * (fail closed).
 */
export class TokenBuckets {
  private readonly _buckets = new Map<string, { tokens: number; last: number }>();
  // Call time of the last sweep for full buckets: at most one sweep per token's refill time, so a
  // flood of new keys at the cap costs one scan, not one per call.
  private _sweptAt = Number.NEGATIVE_INFINITY;

  /**
   * @param count - bucket capacity (calls per window)
   * @param perMs - window length in milliseconds
   * @param maxKeys - keys tracked at most (see the class). @default 100_000
   */
  constructor(
    readonly count: number,
    readonly perMs: number,
    private readonly _maxKeys = 100_000,
  ) {}

  /** True when KEY has a token at TIME (does not consume it). */
  available(key: string, time: number): boolean {
    const bucket = this._buckets.get(key);
    if (bucket === undefined) return this._hasRoom(time);
    return this._refilled(bucket, time) >= 1;
  }

  /** Takes one token for KEY at TIME; call after {@link available} said yes. */
  take(key: string, time: number): void {
    const bucket = this._buckets.get(key);
    if (bucket === undefined) {
      if (this._hasRoom(time)) this._buckets.set(key, { tokens: this.count - 1, last: time });
      return;
    }
    bucket.tokens = this._refilled(bucket, time) - 1;
    bucket.last = Math.max(bucket.last, time);
  }

  /** Number of tracked keys. */
  get size(): number {
    return this._buckets.size;
  }

  private _refilled(bucket: { tokens: number; last: number }, time: number): number {
    const elapsed = Math.max(0, time - bucket.last);
    return Math.min(this.count, bucket.tokens + (elapsed * this.count) / this.perMs);
  }

  /** True when a new key can be tracked at TIME, forgetting full (idle) buckets if needed. */
  private _hasRoom(time: number): boolean {
    if (this._buckets.size < this._maxKeys) return true;
    if (time - this._sweptAt < this.perMs / this.count) return false;
    this._sweptAt = time;
    for (const [key, bucket] of this._buckets) {
      if (this._refilled(bucket, time) >= this.count) this._buckets.delete(key);
    }
    return this._buckets.size < this._maxKeys;
  }
}
