import { describe, expect, it } from 'vitest';
import { ProgressMeter, formatProgress } from '../../replay/index.js';
import type { ReadStats } from '../../replay/index.js';

const stats = (bytesRead: number, totalBytes: number, spans: number): ReadStats => ({
  files: 1,
  bytesRead,
  totalBytes,
  lines: 0,
  spans,
  ignored: 0,
  malformed: 0,
  problems: [],
});

describe('formatProgress', () => {
  it.each([
    [stats(0, 4 * 1048576, 0), 0, '[----------]   0%  0.0/4.0 MB  0 spans  0 spans/s'],
    [
      stats(1048576, 4 * 1048576, 5000),
      500,
      '[###-------]  25%  1.0/4.0 MB  5000 spans  10000 spans/s',
    ],
    [
      stats(4 * 1048576, 4 * 1048576, 8000),
      2000,
      '[##########] 100%  4.0/4.0 MB  8000 spans  4000 spans/s',
    ],
    [stats(10, 0, 0), 10, '[----------]   0%  0.0/0.0 MB  0 spans  0 spans/s'],
  ])('%j after %d ms', (s, elapsed, expected) => {
    expect(formatProgress(s, elapsed, 10)).toBe(expected);
  });
});

describe('ProgressMeter', () => {
  it('redraws in place at most every intervalMs and clears itself', () => {
    let now = 0;
    const out: string[] = [];
    const meter = new ProgressMeter({
      write: (t) => out.push(t),
      enabled: true,
      intervalMs: 100,
      width: 4,
      now: () => now,
    });
    meter.update(stats(1, 4, 1));
    now = 50;
    meter.update(stats(2, 4, 2));
    now = 150;
    meter.update(stats(4, 4, 3));
    meter.done();
    meter.done();
    expect(out).toEqual([
      '\r[#---]  25%  0.0/0.0 MB  1 spans  0 spans/s\u001b[K',
      '\r[####] 100%  0.0/0.0 MB  3 spans  20 spans/s\u001b[K',
      '\r\u001b[K',
    ]);
  });

  it('draws nothing when disabled (not a terminal)', () => {
    const out: string[] = [];
    const meter = new ProgressMeter({ write: (t) => out.push(t), enabled: false });
    meter.update(stats(1, 2, 1));
    meter.done();
    expect(out).toEqual([]);
  });
});
