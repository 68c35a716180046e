import { describe, expect, it } from 'vitest';
import { loadPolicy, PolicyEngine, PolicyError } from '../../policy/index.js';

// A condition must never hang a tool call: regular expressions run in linear time (RE2, the
// syntax CEL specifies) and nested comprehensions over large arguments fail closed.

const policy = (when: string): string =>
  [
    'apiVersion: agc/v1',
    'kind: Policy',
    'metadata: { name: cost }',
    'spec:',
    '  mode: enforce',
    '  default: allow',
    '  rules:',
    '    - id: guarded',
    '      tools: [t]',
    `      when: '${when}'`,
    '      decision: deny',
    '',
  ].join('\n');

const decide = (when: string, args: Record<string, unknown>) =>
  new PolicyEngine(loadPolicy(policy(when))).decide({ agent: { id: 'a' }, tool: 't', args });

describe('CEL conditions have a bounded cost', () => {
  // With JavaScript's backtracking engine the first of these took 21 s (28 characters); the
  // test's own timeout fails it if matching is not linear.
  it.each([28, 5_000, 100_000])(
    'a catastrophic-backtracking pattern on %i characters decides at once',
    (length) => {
      const verdict = decide('args.x.matches("^(a+)+$")', { x: `${'a'.repeat(length)}b` });
      expect(verdict).toMatchObject({ decision: 'allow', source: 'default' });
      expect(decide('args.x.matches("^(a+)+$")', { x: 'a'.repeat(length) }).decision).toBe('deny');
    },
    10_000,
  );

  it('keeps CEL matches semantics: RE2, partial match, anchors, function form', () => {
    expect(decide('args.s.matches("h.*o")', { s: 'say hello' }).decision).toBe('deny');
    expect(decide('args.s.matches("^h.*o$")', { s: 'say hello' }).decision).toBe('allow');
    expect(decide('matches(args.s, "[0-9]{3}")', { s: 'id 123' }).decision).toBe('deny');
  });

  it('a pattern that is not RE2 is refused at load, at its column', () => {
    const load = () => loadPolicy(policy('args.s.matches("(?<=a)b")'), { fileName: 'p.yaml' });
    expect(load).toThrow(PolicyError);
    expect(load).toThrow(/p\.yaml:10:\d+: .*matches\(\).*RE2/);
  });

  it('nested comprehensions over a large argument fail closed, and say why', () => {
    const when = 'args.l.all(x, args.l.all(y, args.l.all(z, x + y + z >= 0.0)))';
    const big = decide(when, { l: Array.from({ length: 400 }, (_, i) => i) });
    expect(big).toMatchObject({ decision: 'deny', source: 'error', rule: 'guarded' });
    expect(big.reason).toMatch(/evaluation cost bound exceeded: 3 nested comprehensions over 400/);
    // Small enough: evaluated (true, so the rule denies as written, source policy).
    expect(decide(when, { l: [1, 2, 3] })).toMatchObject({ decision: 'deny', source: 'policy' });
    expect(decide(when, { l: [] })).toMatchObject({ decision: 'deny', source: 'policy' });
  });
});
