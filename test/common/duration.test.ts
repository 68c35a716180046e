import { describe, expect, it } from 'vitest';
import { durationProblem, formatDuration, parseDuration } from '../../common/index.js';

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

  it.each([
    '',
    '5x',
    '5',
    'm',
    '1.5h',
    '-5m',
    '0m',
    '0s',
    '30m1h',
    '1h1h',
    ' 5m',
    '5 m',
    '1M',
    '1y',
  ])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
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
    [3_599_000, '59m59s'],
    [43_199_000, '11h59m59s'],
  ])('%d ms = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('durationProblem', () => {
  it('names the text and the units every reader accepts', () => {
    expect(durationProblem('1y')).toBe(
      "'1y' is not a duration (expected e.g. 30s, 5m, 1h30m, 7d: units ms s m h d w, largest first)",
    );
  });
});

describe('one meaning everywhere', () => {
  const WEEK = 604_800_000;

  it('1w is seven days in a policy and in an SLO spec, and 1h1h is refused by both', async () => {
    const { loadPolicy, PolicyEngine } = await import('../../policy/index.js');
    const { parseSloSpecs } = await import('../../slo/index.js');
    const policy = (per: string): string =>
      `apiVersion: agc/v1\nkind: Policy\nmetadata: { name: p }\nspec:\n  default: allow\n  rules:\n    - id: weekly\n      tools: [t]\n      limit: { count: 1, per: ${per} }\n`;
    const engine = new PolicyEngine(loadPolicy(policy('1w')));
    const at = (time: number): string =>
      engine.decide({ agent: { id: 'a' }, tool: 't', time }).decision;
    expect([at(0), at(WEEK - 1000), at(WEEK + 1000)]).toEqual(['allow', 'deny', 'allow']);
    expect(() => loadPolicy(policy('1h1h'))).toThrow(/'1h1h' is not a duration/);

    const slo = (window: string): string => `apiVersion: agc/v1
kind: SLO
metadata: { name: x }
spec:
  objective: 99
  window: ${window}
  sli: { kind: tool_success }
  alerting:
    windows:
      - { severity: page, budgetPercent: 5, long: 1h, short: 5m }
`;
    expect(parseSloSpecs(slo('1w'))[0]?.periodMs).toBe(WEEK);
    expect(() => parseSloSpecs(slo('1h1h'))).toThrow(/is not a duration/);
  });
});
