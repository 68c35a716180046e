import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketedCounter, type WindowCounts } from '../../slo/bucketed-counter.js';

const MIN = 60_000;

function sum(counter: BucketedCounter, buckets: number, nowMs: number): WindowCounts {
  return counter.sum(buckets, nowMs, { events: 0, bad: 0 });
}

describe('BucketedCounter', () => {
  it('cold start: before any event every window is empty', () => {
    const counter = new BucketedCounter(MIN, 60);
    expect(sum(counter, 60, 1_000_000)).toEqual({ events: 0, bad: 0 });
  });

  it('cold start: a window longer than the history holds all of it, nothing invented', () => {
    const counter = new BucketedCounter(MIN, 60);
    counter.record(10 * MIN + 1, true);
    counter.record(11 * MIN, false);
    expect(sum(counter, 60, 12 * MIN)).toEqual({ events: 2, bad: 1 });
    expect(sum(counter, 5, 12 * MIN)).toEqual({ events: 2, bad: 1 });
  });

  it('at a bucket edge t, a window of n buckets is exactly (t - n·w, t]', () => {
    const counter = new BucketedCounter(MIN, 10);
    counter.record(5 * MIN, true); // exactly on an edge: inside (4m, 5m]
    expect(sum(counter, 1, 5 * MIN)).toEqual({ events: 1, bad: 1 });
    counter.record(5 * MIN + 1, false); // just after: inside (5m, 6m]
    expect(sum(counter, 1, 6 * MIN)).toEqual({ events: 1, bad: 0 });
    expect(sum(counter, 2, 6 * MIN)).toEqual({ events: 2, bad: 1 });
    // At 10m the 5-bucket window is (5m, 10m]: the event at exactly 5m has left.
    expect(sum(counter, 5, 10 * MIN)).toEqual({ events: 1, bad: 0 });
  });

  it('a gap slides events out of the window', () => {
    const counter = new BucketedCounter(MIN, 5);
    counter.record(MIN, true);
    counter.record(20 * MIN, false);
    expect(sum(counter, 5, 20 * MIN)).toEqual({ events: 1, bad: 0 });
    expect(sum(counter, 5, 30 * MIN)).toEqual({ events: 0, bad: 0 });
  });

  it('a jump longer than the ring resets it without losing the totals', () => {
    const counter = new BucketedCounter(MIN, 5);
    for (let i = 1; i <= 5; i++) counter.record(i * MIN, i % 2 === 0);
    counter.record(1000 * MIN, true);
    expect(sum(counter, 5, 1000 * MIN)).toEqual({ events: 1, bad: 1 });
    expect(counter.totalEvents).toBe(6);
    expect(counter.badEvents).toBe(3);
  });

  it('wraps around the ring many times and stays exact', () => {
    const counter = new BucketedCounter(MIN, 7);
    for (let minute = 1; minute <= 100; minute++) counter.record(minute * MIN, minute % 3 === 0);
    // (93m, 100m]: minutes 94..100, bad when divisible by 3: 96, 99.
    expect(sum(counter, 7, 100 * MIN)).toEqual({ events: 7, bad: 2 });
  });

  it('late events are counted in the newest bucket', () => {
    const counter = new BucketedCounter(MIN, 5);
    counter.record(10 * MIN, false);
    counter.record(2 * MIN, true); // late: lands in (9m, 10m]
    expect(sum(counter, 1, 10 * MIN)).toEqual({ events: 2, bad: 1 });
  });

  it('evaluating before the newest bucket evaluates at the newest bucket', () => {
    const counter = new BucketedCounter(MIN, 5);
    counter.record(10 * MIN, true);
    expect(sum(counter, 1, 3 * MIN)).toEqual({ events: 1, bad: 1 });
  });

  it('handles negative times (before 1970)', () => {
    const counter = new BucketedCounter(MIN, 5);
    counter.record(-3 * MIN, true);
    counter.record(-1, false);
    expect(sum(counter, 5, 0)).toEqual({ events: 2, bad: 1 });
    expect(sum(counter, 2, 0)).toEqual({ events: 1, bad: 0 });
  });

  it('rejects a zero or fractional width and span', () => {
    expect(() => new BucketedCounter(0, 5)).toThrow(RangeError);
    expect(() => new BucketedCounter(1.5, 5)).toThrow(RangeError);
    expect(() => new BucketedCounter(MIN, 0)).toThrow(RangeError);
  });

  it('matches a brute-force count of (t - n·w, t] at bucket edges for any ordered stream', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 400 * MIN }), fc.boolean()), {
          maxLength: 200,
        }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 1, max: 420 }), { minLength: 1, maxLength: 10 }),
        (raw, buckets, edges) => {
          const events = [...raw].sort((a, b) => a[0] - b[0]);
          const counter = new BucketedCounter(MIN, 30);
          let next = 0;
          for (const edge of [...edges].sort((a, b) => a - b)) {
            const t = edge * MIN;
            while (next < events.length && (events[next]?.[0] ?? 0) <= t) {
              const [time, bad] = events[next] ?? [0, false];
              counter.record(time, bad);
              next++;
            }
            const inWindow = events.filter(([time]) => time > t - buckets * MIN && time <= t);
            expect(sum(counter, buckets, t)).toEqual({
              events: inWindow.length,
              bad: inWindow.filter(([, bad]) => bad).length,
            });
          }
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
