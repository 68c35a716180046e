import { describe, expect, it } from 'vitest';
import type { ToolCallEvent } from '../../conventions/index.js';
import {
  FrequencyDetector,
  meanStats,
  resolveAnomalyOptions,
  robustStats,
} from '../../anomaly/index.js';
import type { DetectorSignal } from '../../anomaly/index.js';
import { T0, bucketStream, call } from './events.js';

const MINUTE = 60_000;

function detector(frequency: Record<string, unknown> = {}): FrequencyDetector {
  return new FrequencyDetector(
    resolveAnomalyOptions({
      frequency: {
        bucketMs: MINUTE,
        baselineBuckets: 10,
        warmupBuckets: 5,
        sigmaFloor: 1,
        sigmaFloorRatio: 0,
        threshold: 3,
        saturation: 6,
        ...frequency,
      },
    }),
  );
}

/** Feeds EVENTS; returns every signal with the index of the call that raised it. */
function feed(d: FrequencyDetector, events: ToolCallEvent[]): { at: number; s: DetectorSignal }[] {
  const out: { at: number; s: DetectorSignal }[] = [];
  events.forEach((e, at) => {
    const s = d.ingest(e);
    if (s) out.push({ at, s });
  });
  return out;
}

describe('FrequencyDetector: z of the current bucket against the previous ones', () => {
  it.each([
    // Completed buckets, then a spike bucket: the call count at which it fires, and z there.
    // threshold 3, σ floor 1, no relative floor.
    { baseline: [8, 12, 8, 12, 8, 12], fires: 16, z: 3 }, // mean 10, σ 2
    { baseline: [10, 10, 10, 10, 10], fires: 13, z: 3 }, // σ 0 → floor 1
    { baseline: [1, 1, 1, 1, 1, 0], fires: 4, z: 4 - 5 / 6 }, // mean 5/6, σ 0.37 → floor 1
    { baseline: [9, 7, 5, 5, 4, 4, 4, 2], fires: 11, z: 3 }, // mean 5, σ 2
  ])('baseline $baseline: fires at call $fires of the next bucket', (c) => {
    const d = detector();
    const before = c.baseline.reduce((a, b) => a + b, 0);
    const signals = feed(d, bucketStream([...c.baseline, 100], MINUTE));
    const first = signals[0];
    expect(first?.at).toBe(before + c.fires - 1);
    expect(first?.s.details.count).toBe(c.fires);
    expect(first?.s.details.z).toBeCloseTo(c.z, 12);
    const stats = meanStats(c.baseline);
    expect(first?.s.details.mean).toBeCloseTo(stats.center, 12);
    expect(first?.s.details.sigma).toBeCloseTo(stats.sigma, 12);
    expect(first?.s.details.sigmaFloored).toBe(Math.max(stats.sigma, 1));
    expect(first?.s.score).toBeCloseTo(0.5 + (0.5 * (c.z - 3)) / 3, 12);
  });

  it('applies the relative and absolute σ floors', () => {
    // Flat baseline of 100: σ = 0, σ_eff = max(0, 1, 0.2 × 100) = 20; fires at 100 + 3 × 20.
    const d = detector({ sigmaFloorRatio: 0.2 });
    const signals = feed(d, bucketStream([100, 100, 100, 100, 100, 200], MINUTE));
    expect(signals[0]?.s.details.count).toBe(160);
    expect(signals[0]?.s.details.sigmaFloored).toBe(20);
  });

  it('does not score before warm-up, however large the spike', () => {
    const d = detector();
    expect(feed(d, bucketStream([1, 1, 1, 1, 500], MINUTE))).toEqual([]);
    expect(d.score).toBe(0);
  });

  it('counts idle buckets as zero (the anchor skipped them)', () => {
    // Bucket 0: 10 calls, then 9 idle minutes, then 10 calls in minute 10: baseline [10, 0 × 9].
    const d = detector({ threshold: 2, saturation: 4, warmupBuckets: 1 });
    const events = [...bucketStream([10], MINUTE), ...bucketStream([10], MINUTE, T0 + 10 * MINUTE)];
    const signals = feed(d, events);
    const stats = meanStats([10, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // mean 1, σ 3 → fires when (count − 1) / 3 ≥ 2, at the 7th call.
    expect(signals[0]?.s.details.mean).toBeCloseTo(stats.center, 12);
    expect(signals[0]?.s.details.sigma).toBeCloseTo(stats.sigma, 12);
    expect(signals[0]?.s.details.count).toBe(7);
  });

  it('leave-one-out: the scored bucket joins the baseline only once it is closed', () => {
    // Spike bucket vs [10 × 5]: σ_eff 1 → medium at 13, high at z 4.5 (15), critical at 5.4 (16).
    const signals = feed(detector(), bucketStream([10, 10, 10, 10, 10, 40, 30], MINUTE));
    expect(signals.map((x) => x.s.details.count)).toEqual([13, 15, 16]);
    // The next bucket is scored against [10 × 5, 40] (mean 15, σ 11.2): 30 calls stay quiet...
    expect(signals.every((x) => x.at < 90)).toBe(true);
    // ...while against [10 × 6] the same 30 calls fire.
    const control = feed(detector(), bucketStream([10, 10, 10, 10, 10, 10, 30], MINUTE));
    expect(control.map((x) => x.s.details.count)).toEqual([13, 15, 16]);
  });

  it('fires once per bucket and severity, and re-arms in the next bucket', () => {
    const flat = Array<number>(10).fill(10);
    const signals = feed(detector(), bucketStream([...flat, 20, 20], MINUTE));
    // First spike vs [10 × 10]: 13, 15, 16. Second vs [10 × 9, 20] (mean 11, σ 3): z 3 at 20.
    expect(signals.map((x) => x.s.details.count)).toEqual([13, 15, 16, 20]);
    expect(signals[3]?.s.details.z).toBe(3);
  });

  it('robust variant: median and 1.4826 × MAD, unmoved by an outlier bucket', () => {
    const baseline = [10, 11, 9, 10, 12, 8, 200];
    const robust = robustStats(baseline);
    const d = detector({ method: 'mad', baselineBuckets: 7 });
    const spike = (x: { at: number }): boolean => x.at >= 260; // calls of the last bucket
    const first = feed(d, bucketStream([...baseline, 60], MINUTE)).filter(spike)[0]?.s;
    // median 10, MAD 1 → σ̂ 1.4826 → fires at 10 + 3 × 1.4826 = 14.4 → the 15th call.
    expect(first?.details.median).toBe(robust.center);
    expect(first?.details.sigma).toBeCloseTo(robust.sigma, 12);
    expect(first?.details.count).toBe(15);
    expect(first?.details.z).toBeCloseTo(5 / 1.4826, 12);
    // The mean/σ variant is blinded by the 200 in its baseline (mean 37, σ 66).
    const plain = detector({ baselineBuckets: 7 });
    expect(feed(plain, bucketStream([...baseline, 60], MINUTE)).filter(spike)).toEqual([]);
  });

  it('anchor bug fixed: after 19 identical buckets a deviation of 1 does not fire', () => {
    const d = detector({
      baselineBuckets: 19,
      warmupBuckets: 19,
      sigmaFloor: 2,
      sigmaFloorRatio: 0.2,
    });
    const flat = Array<number>(19).fill(100);
    expect(feed(d, bucketStream([...flat, 101], MINUTE))).toEqual([]);
    const big = detector({
      baselineBuckets: 19,
      warmupBuckets: 19,
      sigmaFloor: 2,
      sigmaFloorRatio: 0.2,
    });
    const signals = feed(big, bucketStream([...flat, 1000], MINUTE));
    // σ_eff = max(0, 2, 0.2 × 100) = 20: fires (z 3) from 160 calls; at 1000 calls z = 45.
    expect(signals[0]?.s.details.count).toBe(160);
    expect(big.score).toBe(1);
  });

  it('warms up on active buckets: an agent resuming after a long idle spell is not a storm', () => {
    // 10 active buckets, 20 idle ones (the baseline of 10 is all zeros), then a normal burst.
    const d = detector();
    const resumed = T0 + 30 * MINUTE;
    const events = [
      ...bucketStream(Array<number>(10).fill(10), MINUTE),
      ...bucketStream([10, 10, 10, 10, 10, 10], MINUTE, resumed),
    ];
    const signals = feed(d, events);
    // Scored again only once 5 active buckets are back in the baseline, in the 6th bucket:
    // against [0 × 5, 10 × 5] (mean 5, σ 5) its 10 calls are z = 1.
    expect(signals).toEqual([]);
    expect(d.z).toBe(1);
    const control = detector({ warmupBuckets: 1 });
    expect(feed(control, events).length).toBeGreaterThan(0);
  });

  it('ignores a non-finite time and counts late calls in the current bucket', () => {
    const d = detector();
    expect(d.ingest(call({ timeMs: NaN }))).toBeUndefined();
    const events = bucketStream([10, 10, 10, 10, 10, 10], MINUTE);
    feed(d, events);
    // A call stamped in bucket 0 arrives now: counted in bucket 5, not in a closed one.
    const late = d.ingest(call({ timeMs: T0 }));
    expect(late).toBeUndefined();
    expect(d.score).toBeCloseTo((0.5 * (11 - 10)) / 1 / 3, 12);
  });
});
