/**
 * Token buckets for `limit` rules: `count` tokens, refilled continuously at `count / per`, so a
 * burst of `count` is allowed and then one call every `per / count`. Time comes from the call,
 * so replaying recorded calls reproduces the same decisions.
 */
export class TokenBuckets {
  private readonly _buckets = new Map<string, { tokens: number; last: number }>();

  /**
   * @param count - bucket capacity (calls per window)
   * @param perMs - window length in milliseconds
   * @param maxKeys - keys kept before the oldest is forgotten. @default 100_000
   */
  constructor(
    readonly count: number,
    readonly perMs: number,
    private readonly _maxKeys = 100_000,
  ) {}

  /** True when KEY has a token at TIME (does not consume it). */
  available(key: string, time: number): boolean {
    const bucket = this._buckets.get(key);
    if (bucket === undefined) return true;
    return this._refilled(bucket, time) >= 1;
  }

  /** Takes one token for KEY at TIME; call after {@link available} said yes. */
  take(key: string, time: number): void {
    const bucket = this._buckets.get(key);
    if (bucket === undefined) {
      if (this._buckets.size >= this._maxKeys) this._evictOldest();
      this._buckets.set(key, { tokens: this.count - 1, last: time });
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

  private _evictOldest(): void {
    const oldest = this._buckets.keys().next();
    if (oldest.done !== true) this._buckets.delete(oldest.value);
  }
}
