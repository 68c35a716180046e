import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, loadPolicyFiles, PolicyError } from '../../policy/index.js';

const BAD = join(import.meta.dirname, '../fixtures/policy/bad');
/** Expectations for files that cannot carry a `# expect:` comment. */
const JSON_EXPECT: Record<string, string> = {
  'wrong-type.json': '2:57 spec.rules.0.limit.count: expected number',
};

function expectationOf(file: string): { line: number; column: number; text: string } {
  const raw =
    JSON_EXPECT[file] ?? /^# expect: (.*)$/m.exec(readFileSync(join(BAD, file), 'utf8'))?.[1];
  const match = /^(\d+):(\d+) (.*)$/.exec(raw ?? '');
  if (!match) throw new Error(`fixture ${file} has no expectation`);
  return { line: Number(match[1]), column: Number(match[2]), text: match[3] ?? '' };
}

describe('loadPolicy: malformed policies name file, line and column', () => {
  for (const file of readdirSync(BAD)) {
    it(file, () => {
      const want = expectationOf(file);
      let error: unknown;
      try {
        loadPolicyFiles([join(BAD, file)]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PolicyError);
      const e = error as PolicyError;
      expect(e.file).toBe(join(BAD, file));
      expect(e.issues[0]?.message).toContain(want.text);
      expect([e.line, e.column]).toEqual([want.line, want.column]);
      expect(e.message.split('\n')[0]).toBe(
        `${join(BAD, file)}:${want.line}:${want.column}: ${e.issues[0]?.message}`,
      );
    });
  }

  it('reports every problem, not only the first', () => {
    const text = `apiVersion: agc/v1
kind: Policy
metadata: { name: p }
spec:
  rules:
    - { id: a, decision: deny, when: 'tool == 1' }
    - { id: b, limit: { count: 1, per: 1y } }
`;
    const error = (() => {
      try {
        loadPolicy(text, { fileName: 'multi.yaml' });
      } catch (e) {
        return e as PolicyError;
      }
      throw new Error('expected a PolicyError');
    })();
    expect(error.issues.map((i) => `${i.line}:${i.column}`)).toEqual(['6:39', '7:40']);
    expect(error.issues.every((i) => i.file === 'multi.yaml')).toBe(true);
  });

  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]']
    .concat(
      ['b', 'c', 'd', 'e', 'f', 'g'].map(
        (k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`,
      ),
    )
    .join('\n');
  it.each([
    ['an alias without its anchor', 'spec:\n  rules: *missing\n', '5:10', /Unresolved alias/],
    ['a billion laughs', `${laughs}\nspec: *g\n`, '5:8', /alias count/i],
  ])('%s: a positioned PolicyError, not a crash', (_, tail, at, message) => {
    const text = `apiVersion: agc/v1\nkind: Policy\nmetadata: { name: p }\n${tail}`;
    const error = (() => {
      try {
        loadPolicy(text, { fileName: 'alias.yaml' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a PolicyError');
    })();
    expect(error).toBeInstanceOf(PolicyError);
    const issue = (error as PolicyError).issues[0];
    expect(issue?.message).toMatch(message);
    expect(`${issue?.line}:${issue?.column}`).toBe(at);
  });

  it('names a missing file', () => {
    expect(() => loadPolicy('/nonexistent/agc.policy.yaml')).toThrow(
      /nonexistent\/agc.policy.yaml:1:1: file not found/,
    );
  });

  it('rejects an empty file', () => {
    expect(() => loadPolicy('# nothing\n', { fileName: 'empty.yaml' })).toThrow(
      /empty.yaml:1:1: no policy documents/,
    );
  });
});

describe('loadPolicy: valid documents', () => {
  it('loads the README example with its defaults', () => {
    const policy = loadPolicy(
      join(import.meta.dirname, '../../examples/policies/research-agents.yaml'),
    );
    expect(policy.documents).toHaveLength(1);
    const doc = policy.documents[0];
    expect(doc?.name).toBe('research-agents');
    expect(doc?.mode).toBe('enforce');
    expect(doc?.defaultDecision).toBe('deny');
    expect(doc?.rules.map((r) => [r.id, r.kind])).toEqual([
      ['no-system-files', 'deny'],
      ['search-rate', 'limit'],
      ['token-budget', 'budget'],
      ['log-reads', 'audit'],
    ]);
    expect(policy.ruleCount).toBe(5);
  });

  it('loads JSON and several YAML documents', () => {
    const json = loadPolicy(
      '{"apiVersion":"agc/v1","kind":"Policy","metadata":{"name":"j"},"spec":{"default":"allow"}}',
    );
    expect(json.documents[0]?.defaultDecision).toBe('allow');
    const two = loadPolicy(
      'apiVersion: agc/v1\nkind: Policy\nmetadata: {name: a}\nspec: {}\n---\napiVersion: agc/v1\nkind: Policy\nmetadata: {name: b}\nspec: {mode: audit}\n',
    );
    expect(two.documents.map((d) => [d.name, d.mode, d.defaultDecision])).toEqual([
      ['a', 'enforce', 'deny'],
      ['b', 'audit', 'deny'],
    ]);
  });

  it('rejects the same policy name in two documents', () => {
    expect(() =>
      loadPolicy(
        'apiVersion: agc/v1\nkind: Policy\nmetadata: {name: a}\nspec: {}\n---\napiVersion: agc/v1\nkind: Policy\nmetadata: {name: a}\nspec: {}\n',
        { fileName: 'dup.yaml' },
      ),
    ).toThrow(/dup.yaml:8:18: duplicate policy name 'a'/);
  });
});
