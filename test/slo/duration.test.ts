import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../slo/duration.js';

describe('parseDuration', () => {
  it.each([
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['30d', 2_592_000_000],
    ['28d', 2_419_200_000],
    ['1w', 604_800_000],
    ['1d12h', 129_600_000],
    ['250ms', 250],
    ['90s', 90_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5x', '5', 'm', '1.5h', '-5m', '0m', '30m1h', '1h1h', ' 5m', '1M', '1y'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [300_000, '5m'],
    [1_800_000, '30m'],
    [3_600_000, '1h'],
    [7_200_000, '2h'],
    [86_400_000, '1d'],
    [259_200_000, '3d'],
    [2_592_000_000, '30d'],
    [5_400_000, '1h30m'],
    [1_500, '1s500ms'],
  ])('%d ms = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
