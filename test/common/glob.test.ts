import { describe, expect, it } from 'vitest';
import { compileGlobs, compileNamePattern, globsToRegexSource } from '../../common/index.js';
import { loadPolicy, PolicyEngine } from '../../policy/index.js';
import { filterTree } from '../../replay/index.js';
import type { RunTree, ToolStep } from '../../replay/index.js';

const CASES: readonly (readonly [string, string, boolean])[] = [
  ['a', 'a', true],
  ['a', 'ab', false],
  ['*', '', true],
  ['a*', 'abc', true],
  ['*c', 'abc', true],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'acb', false],
  ['send_?', 'send_x', true],
  ['send_?', 'send_xy', false],
  ['shell_[ab]', 'shell_b', true],
  ['shell_[!ab]', 'shell_b', false],
  ['shell_[a-c]', 'shell_c', true],
  ['{read,write}_file', 'write_file', true],
  ['{read,write}_file', 'delete_file', false],
  ['a.b', 'aXb', false],
  ['a\\*', 'a*', true],
  ['a\\*', 'ab', false],
  ['.env*', '.env.local', true],
  ['(x)', '(x)', true],
];

describe('name globs: one dialect', () => {
  it.each(CASES)('%s vs %s is %s', (pattern, name, expected) => {
    expect(compileNamePattern(pattern).test(name)).toBe(expected);
    expect(compileGlobs([pattern])?.test(name)).toBe(expected);
  });

  it.each(['[ab', 'a{b', 'a}b', 'x]', 'a\\', ''])('refuses %j with a reason', (pattern) => {
    expect(() => compileNamePattern(pattern)).toThrow(/bad glob|empty pattern/);
  });

  it('compiles to RE2-safe regex text (no lookaround, no backreferences)', () => {
    const source = globsToRegexSource(CASES.map(([p]) => p));
    expect(source).not.toMatch(/\(\?[=!<]|\\[1-9]/);
  });

  it('a policy, an SLO selector and `agc replay --tool` agree on every case', () => {
    for (const [pattern, name, expected] of CASES) {
      if (pattern === '') continue;
      const policy = loadPolicy(
        `apiVersion: agc/v1\nkind: Policy\nmetadata: { name: p }\nspec:\n  default: allow\n  rules:\n    - id: r\n      tools: [${JSON.stringify(pattern)}]\n      decision: deny\n`,
      );
      const denied =
        new PolicyEngine(policy).decide({ agent: { id: 'a' }, tool: name }).decision === 'deny';
      const step = { tool: name, agentId: 'a', decision: 'allow' } as ToolStep;
      const tree = {
        roots: [{ role: 'tool', step, children: [] }],
        spanCount: 1,
      } as unknown as RunTree;
      const kept = filterTree(tree, { tools: [pattern] }) !== undefined;
      expect([pattern, name, denied, kept]).toEqual([pattern, name, expected, expected]);
    }
  });
});
