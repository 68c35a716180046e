import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadPolicy, PolicyEngine, PolicyError } from '../../policy/index.js';

// Values drawn from both valid and invalid spaces, so documents land on every branch.
const scalar = fc.oneof(
  fc.constantFrom(
    'enforce',
    'audit',
    'allow',
    'deny',
    'agent',
    '1m',
    '5x',
    'shell_*',
    '[bad',
    'args.a == "b"',
    'tool ==',
    '1 + "a"',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 20 }),
  fc.boolean(),
  fc.constant(null),
);
const names = fc.array(
  fc.oneof(fc.constantFrom('web_search', 'file_*', '{a,b}', 'x?'), fc.string({ maxLength: 6 })),
  { maxLength: 3 },
);
const rule = fc.record(
  {
    id: fc.oneof(fc.constantFrom('r1', 'r2', 'r3'), fc.string({ maxLength: 5 })),
    tools: names,
    agents: names,
    when: fc.oneof(
      fc.constantFrom('args.path.startsWith("/etc")', 'agent.id == "a"', 'tool == 1', 'args.'),
      fc.string({ maxLength: 10 }),
    ),
    decision: fc.oneof(fc.constantFrom('allow', 'deny', 'audit'), scalar),
    limit: fc.record(
      {
        count: fc.oneof(fc.integer({ min: 0, max: 5 }), scalar),
        per: fc.oneof(fc.constantFrom('1s', '1m', '2h', '0s', 'x'), scalar),
      },
      { requiredKeys: [] },
    ),
    budget: fc.record(
      { tokens: fc.integer({ min: 0, max: 100 }), per: fc.constantFrom('1h', 'bad') },
      { requiredKeys: [] },
    ),
    junk: scalar,
  },
  { requiredKeys: [] },
);
const document = fc.record(
  {
    apiVersion: fc.oneof(fc.constant('agc/v1'), scalar),
    kind: fc.oneof(fc.constant('Policy'), scalar),
    metadata: fc.oneof(
      fc.record({ name: fc.oneof(fc.constantFrom('p', 'q'), scalar) }, { requiredKeys: [] }),
      scalar,
    ),
    spec: fc.oneof(
      fc.record(
        {
          mode: fc.oneof(fc.constantFrom('enforce', 'audit'), scalar),
          default: fc.oneof(fc.constantFrom('allow', 'deny'), scalar),
          agents: fc.array(
            fc.record(
              {
                match: fc.oneof(fc.string({ maxLength: 6 }), names),
                allowTools: names,
                denyTools: names,
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
          rules: fc.array(rule, { maxLength: 4 }),
        },
        { requiredKeys: [] },
      ),
      scalar,
    ),
  },
  { requiredKeys: [] },
);

describe('loadPolicy on random documents', () => {
  it('either loads (and decides) or fails with a positioned PolicyError; never crashes', () => {
    fc.assert(
      fc.property(
        fc.array(document, { minLength: 1, maxLength: 2 }),
        fc.boolean(),
        (docs, asJson) => {
          const text =
            asJson && docs.length === 1
              ? JSON.stringify(docs[0], null, 1)
              : docs.map((d) => stringify(d)).join('---\n');
          try {
            const policy = loadPolicy(text.includes('\n') ? text : `${text}\n`, {
              fileName: 'random.yaml',
            });
            const v = new PolicyEngine(policy).decide({
              agent: { id: 'a' },
              tool: 'web_search',
              args: { path: '/etc/x' },
            });
            expect(['allow', 'deny', 'audit']).toContain(v.decision);
          } catch (error) {
            expect(error).toBeInstanceOf(PolicyError);
            const e = error as PolicyError;
            expect(e.file).toBe('random.yaml');
            const lines = text.split('\n').length;
            for (const issue of e.issues) {
              expect(issue.line).toBeGreaterThanOrEqual(1);
              expect(issue.line).toBeLessThanOrEqual(lines + 1);
              expect(issue.column).toBeGreaterThanOrEqual(1);
              expect(issue.message.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });

  it('the same holds for mangled bytes of a valid policy', () => {
    const valid = stringify({
      apiVersion: 'agc/v1',
      kind: 'Policy',
      metadata: { name: 'p' },
      spec: { rules: [{ id: 'r', tools: ['a'], when: 'args.x == "y"', decision: 'deny' }] },
    });
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.string({ maxLength: 3 }), (at, insert) => {
        const text = valid.slice(0, at) + insert + valid.slice(at + 1);
        try {
          loadPolicy(`${text}\n`, { fileName: 'm.yaml' });
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyError);
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
