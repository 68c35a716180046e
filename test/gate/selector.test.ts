import { describe, expect, it } from 'vitest';
import {
  SelectorError,
  armMatchers,
  histogramQuantile,
  parseGateQuery,
  parseSelector,
  withSelector,
} from '../../gate/index.js';

describe('parseSelector', () => {
  it.each([
    ['{service="canary"}', [{ name: 'service', op: '=', value: 'canary' }]],
    [
      ' { a = "x" , b!~\'y.*\', c=~"2\\\\..*" } ',
      [
        { name: 'a', op: '=', value: 'x' },
        { name: 'b', op: '!~', value: 'y.*' },
        { name: 'c', op: '=~', value: '2\\..*' },
      ],
    ],
    [
      'job="a",env!="prod"',
      [
        { name: 'job', op: '=', value: 'a' },
        { name: 'env', op: '!=', value: 'prod' },
      ],
    ],
    ['{}', []],
  ])('%s', (text, matchers) => {
    expect(parseSelector(text)).toEqual(matchers);
  });

  it.each([
    ['{service="canary"', "'{' is not closed"],
    ['{1a="x"}', 'expected a label name at column 2'],
    ['{a "x"}', "expected =, !=, =~ or !~ after 'a'"],
    ['{a=x}', "expected a quoted value after 'a='"],
    ['{a="x" b="y"}', "expected ',' at column 8"],
  ])('%s is refused: %s', (text, why) => {
    expect(() => parseSelector(text)).toThrow(SelectorError);
    expect(() => parseSelector(text)).toThrow(why);
  });
});

describe('withSelector', () => {
  const arm = parseSelector('{service="canary"}');
  it.each([
    [
      'sum(increase(agc_tool_calls_total[5m]))',
      'sum(increase(agc_tool_calls_total{service="canary"}[5m]))',
    ],
    [
      'sum(increase(agc_tool_calls_total{outcome="error"}[5m])) / sum(increase(agc_tool_calls_total{ }[5m]))',
      'sum(increase(agc_tool_calls_total{outcome="error",service="canary"}[5m])) / sum(increase(agc_tool_calls_total{service="canary"}[5m]))',
    ],
    [
      'sum by (le) (rate(agc_tool_call_duration_seconds_bucket{le=~"1|1.0"}[1h])) or vector(0)',
      'sum by (le) (rate(agc_tool_call_duration_seconds_bucket{le=~"1|1.0",service="canary"}[1h])) or vector(0)',
    ],
    ['up{job="agc_x"} + other_metric', 'up{job="agc_x"} + other_metric'],
    [
      'label_replace(agc_x, "dst", "agc_y", "src", "(.*)")',
      'label_replace(agc_x{service="canary"}, "dst", "agc_y", "src", "(.*)")',
    ],
  ])('%s', (query, expected) => {
    expect(withSelector(query, arm)).toBe(expected);
  });

  it('escapes values it writes back', () => {
    expect(withSelector('agc_x', [{ name: 'a', op: '=~', value: 'say "hi"\\d' }])).toBe(
      'agc_x{a=~"say \\"hi\\"\\\\d"}',
    );
  });
});

describe('armMatchers and parseGateQuery', () => {
  it('a selector is used as is; a name goes through the template', () => {
    expect(armMatchers('{pod=~"web-.*"}')).toEqual([{ name: 'pod', op: '=~', value: 'web-.*' }]);
    expect(armMatchers('podinfo-primary')).toEqual([
      { name: 'app', op: '=', value: 'podinfo-primary' },
    ]);
    expect(
      armMatchers('podinfo', '{namespace="{{namespace}}",app="{{ arm }}"}', { namespace: 'test' }),
    ).toEqual([
      { name: 'namespace', op: '=', value: 'test' },
      { name: 'app', op: '=', value: 'podinfo' },
    ]);
    expect(() => armMatchers('x', '{ns="{{namespace}}"}')).toThrow(
      'needs a value for {{namespace}}',
    );
  });

  it('reads the Flagger query shape', () => {
    expect(
      parseGateQuery('agc_gate_verdict{baseline="a-primary", canary="a", window="1m"}'),
    ).toEqual({
      series: 'agc_gate_verdict',
      params: { baseline: 'a-primary', canary: 'a', window: '1m' },
    });
    expect(parseGateQuery(' agc_gate_score ').params).toEqual({});
    expect(() => parseGateQuery('rate(x[5m])')).toThrow(/only agc_gate_verdict/);
    expect(() => parseGateQuery('agc_gate_verdict{canary=~"a"}')).toThrow(/only = matchers/);
  });
});

describe('histogramQuantile', () => {
  it.each([
    // Buckets (0,10], (10,20], (20,+Inf) with 10, 30, 0: rank 20 → 10 + 10·(20 − 10)/30.
    [[10, 20, Infinity], [10, 30, 0], 0.5, 10 + 10 / 3],
    [[10, 20, Infinity], [10, 30, 0], 0.25, 10],
    [[10, 20, Infinity], [0, 0, 5], 0.5, 20],
  ])('bounds %j counts %j q %d', (bounds, counts, q, expected) => {
    expect(histogramQuantile(bounds, counts, q)).toBeCloseTo(expected, 12);
  });

  it('is NaN when empty', () => {
    expect(histogramQuantile([10, Infinity], [0, 0], 0.5)).toBeNaN();
  });
});
