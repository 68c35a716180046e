import { describe, expect, it } from 'vitest';
import { loadPolicy, PolicyEngine } from '../../policy/index.js';
import type { ToolCall, Verdict } from '../../policy/index.js';

const header = (name: string, spec: string): string =>
  `apiVersion: agc/v1\nkind: Policy\nmetadata: { name: ${name} }\nspec:\n${spec}`;

const RESEARCH = header(
  'research',
  `  default: deny
  agents:
    - match: "researcher-*"
      allowTools: [web_search, file_read, "db_*"]
      denyTools: [file_write, "shell_*", db_drop]
  rules:
    - id: no-system-files
      tools: [file_read]
      when: 'args.path.startsWith("/etc/")'
      decision: deny
      reason: system files are off limits
    - id: log-reads
      tools: [file_read]
      decision: audit
    - id: ops-may-restart
      agents: ["ops-*"]
      tools: [service_restart]
      when: 'labels.env != "prod"'
      decision: allow
    - id: named-agent
      tools: [calendar]
      when: 'agent.name == "planner"'
      decision: allow
`,
);

const call = (agent: string, tool: string, extra: Partial<ToolCall> = {}): ToolCall => ({
  agent: { id: agent },
  tool,
  ...extra,
});

function pick(v: Verdict): [string, string, string | undefined] {
  return [v.decision, v.source, v.rule];
}

describe('PolicyEngine.decide: precedence, defaults, globs, CEL', () => {
  const engine = new PolicyEngine(loadPolicy(RESEARCH));
  const cases: [string, ToolCall, [string, string, string | undefined]][] = [
    [
      'capability allows a listed tool',
      call('researcher-1', 'web_search'),
      ['allow', 'policy', 'agents[0]'],
    ],
    ['glob in allowTools', call('researcher-1', 'db_query'), ['allow', 'policy', 'agents[0]']],
    [
      'denyTools wins over an allowTools glob',
      call('researcher-1', 'db_drop'),
      ['deny', 'policy', 'agents[0]'],
    ],
    ['denyTools glob', call('researcher-1', 'shell_exec'), ['deny', 'policy', 'agents[0]']],
    [
      'tool outside allowTools is denied',
      call('researcher-1', 'email_send'),
      ['deny', 'policy', 'agents[0]'],
    ],
    [
      'agent outside every entry falls to the default',
      call('writer-1', 'web_search'),
      ['deny', 'default', undefined],
    ],
    [
      'CEL deny wins over the capability allow',
      call('researcher-1', 'file_read', { args: { path: '/etc/passwd' } }),
      ['deny', 'policy', 'no-system-files'],
    ],
    [
      'CEL deny that does not match',
      call('researcher-1', 'file_read', { args: { path: '/home/a' } }),
      ['allow', 'policy', 'agents[0]'],
    ],
    [
      'allow rule for matching agent glob and labels',
      call('ops-7', 'service_restart', { labels: { env: 'staging' } }),
      ['allow', 'policy', 'ops-may-restart'],
    ],
    [
      'allow rule whose condition is false',
      call('ops-7', 'service_restart', { labels: { env: 'prod' } }),
      ['deny', 'default', undefined],
    ],
    [
      'allow rule for another agent does not apply',
      call('dev-7', 'service_restart', { labels: { env: 'dev' } }),
      ['deny', 'default', undefined],
    ],
    [
      'agent matched by name in CEL',
      { agent: { id: 'x1', name: 'planner' }, tool: 'calendar' },
      ['allow', 'policy', 'named-agent'],
    ],
  ];
  it.each(cases)('%s', (_name, c, want) => {
    expect(pick(engine.decide(c))).toEqual(want);
  });

  it('records matching audit rules without letting them decide', () => {
    const v = engine.decide(call('researcher-1', 'file_read', { args: { path: '/tmp/x' } }));
    expect(v.decision).toBe('allow');
    expect(v.auditRules).toEqual(['log-reads']);
  });

  it('matches capability entries on the agent name as well as the id', () => {
    expect(
      engine.decide({ agent: { id: 'a-93', name: 'researcher-bob' }, tool: 'web_search' }).decision,
    ).toBe('allow');
  });

  it('carries policy id, mode and reason', () => {
    const v = engine.decide(call('researcher-1', 'file_read', { args: { path: '/etc/shadow' } }));
    expect(v).toMatchObject({
      policyId: 'research',
      mode: 'enforce',
      reason: 'system files are off limits',
    });
  });
});

describe('PolicyEngine.decide: evaluation errors never allow', () => {
  const engine = new PolicyEngine(
    loadPolicy(
      header(
        'errors',
        `  default: allow
  rules:
    - id: deny-etc
      tools: [file_read]
      when: 'args.path.startsWith("/etc/")'
      decision: deny
    - id: allow-admin
      tools: [admin_panel]
      when: 'labels.role == "admin"'
      decision: allow
    - id: deny-not-x
      tools: [compare]
      when: 'args.v != "x"'
      decision: deny
`,
      ).replace(
        '  default: allow',
        '  default: deny\n  agents: [{ match: "a", allowTools: [file_read, compare] }]',
      ),
    ),
  );

  it('a deny rule whose condition errors denies, with source error', () => {
    const v = engine.decide(call('a', 'file_read', { args: {} }));
    expect(pick(v)).toEqual(['deny', 'error', 'deny-etc']);
    expect(v.reason).toMatch(/condition failed to evaluate .*No such key: path.*failing closed/);
    expect(v.errors).toEqual([expect.stringContaining("rule 'deny-etc'")]);
  });

  it('an allow rule whose condition errors does not allow, and says so', () => {
    const v = engine.decide(call('b', 'admin_panel'));
    expect(pick(v)).toEqual(['deny', 'default', undefined]);
    expect(v.errors?.[0]).toMatch(/rule 'allow-admin': No such key: role/);
    expect(v.reason).toMatch(/condition errors did not allow/);
  });

  it('a missing attribute is not "not equal"', () => {
    expect(pick(engine.decide(call('a', 'compare', { args: {} })))).toEqual([
      'deny',
      'error',
      'deny-not-x',
    ]);
    expect(pick(engine.decide(call('a', 'compare', { args: { v: 'x' } })))).toEqual([
      'allow',
      'policy',
      'agents[0]',
    ]);
  });
});

describe('PolicyEngine.decide: modes and documents', () => {
  it('audit mode records the deny as audit and never blocks', () => {
    const engine = new PolicyEngine(loadPolicy(header('a', '  mode: audit\n  default: deny\n')));
    expect(engine.decide(call('x', 'anything'))).toMatchObject({
      decision: 'audit',
      source: 'default',
      mode: 'audit',
    });
  });

  it('every document is a gate: a deny in any document wins', () => {
    const policy = loadPolicy(
      `${header('open', '  default: allow\n')}---\n${header('strict', '  default: allow\n  rules:\n    - { id: no-shell, tools: [shell], decision: deny }\n')}`,
    );
    const engine = new PolicyEngine(policy);
    expect(pick(engine.decide(call('x', 'web')))).toEqual(['allow', 'default', undefined]);
    expect(engine.decide(call('x', 'shell'))).toMatchObject({
      decision: 'deny',
      policyId: 'strict',
      rule: 'no-shell',
    });
  });

  it('an enforce deny beats an audit document', () => {
    const policy = loadPolicy(
      `${header('watch', '  mode: audit\n  default: deny\n')}---\n${header('gate', '  default: deny\n')}`,
    );
    expect(new PolicyEngine(policy).decide(call('x', 't'))).toMatchObject({
      decision: 'deny',
      policyId: 'gate',
    });
  });

  it('without a policy it observes: allow, source default, audit mode', () => {
    expect(new PolicyEngine().decide(call('x', 't'))).toMatchObject({
      decision: 'allow',
      source: 'default',
      mode: 'audit',
    });
  });
});

describe('PolicyEngine: rate limits and budgets', () => {
  const LIMITS = header(
    'limits',
    `  default: allow
  rules:
    - id: search-rate
      tools: [web_search]
      limit: { count: 3, per: 1m }
    - id: global-rate
      tools: [send_mail]
      limit: { count: 2, per: 1h, key: global }
    - id: token-budget
      budget: { tokens: 1000, per: 1h }
    - id: never-delete
      tools: [delete]
      decision: deny
`,
  );

  it('limits per (agent, rule) and refills over time', () => {
    const engine = new PolicyEngine(loadPolicy(LIMITS));
    const at = (agent: string, time: number): string =>
      engine.decide(call(agent, 'web_search', { time })).source;
    expect([at('a', 0), at('a', 1), at('a', 2), at('a', 3)]).toEqual([
      'default',
      'default',
      'default',
      'rate_limit',
    ]);
    expect(at('b', 4)).toBe('default');
    expect(at('a', 10_000)).toBe('rate_limit');
    expect(at('a', 20_002)).toBe('default');
    expect(engine.decide(call('a', 'web_search', { time: 20_003 }))).toMatchObject({
      decision: 'deny',
      rule: 'search-rate',
      source: 'rate_limit',
    });
  });

  it('key: global shares one bucket across agents', () => {
    const engine = new PolicyEngine(loadPolicy(LIMITS));
    const sources = ['a', 'b', 'c'].map(
      (agent, i) => engine.decide(call(agent, 'send_mail', { time: i })).source,
    );
    expect(sources).toEqual(['default', 'default', 'rate_limit']);
  });

  it('a call denied by a rule does not consume a limit', () => {
    const engine = new PolicyEngine(loadPolicy(LIMITS));
    for (let i = 0; i < 5; i++) engine.decide(call('a', 'delete', { time: i, tokens: 500 }));
    expect(engine.decide(call('a', 'web_search', { time: 10, tokens: 900 })).source).toBe(
      'default',
    );
  });

  it('budgets deny once spent, per agent, and reset in the next window', () => {
    const engine = new PolicyEngine(loadPolicy(LIMITS));
    expect(engine.decide(call('a', 'llm', { time: 0, tokens: 600 })).decision).toBe('allow');
    expect(engine.decide(call('a', 'llm', { time: 1, tokens: 600 }))).toMatchObject({
      decision: 'deny',
      source: 'budget',
      rule: 'token-budget',
    });
    expect(engine.decide(call('a', 'llm', { time: 2, tokens: 400 })).decision).toBe('allow');
    expect(engine.decide(call('a', 'llm', { time: 3 })).source).toBe('budget');
    expect(engine.decide(call('b', 'llm', { time: 3, tokens: 10 })).decision).toBe('allow');
    expect(engine.decide(call('a', 'llm', { time: 3_600_000, tokens: 10 })).decision).toBe('allow');
  });

  it.each<[string, Partial<ToolCall>]>([
    ['NaN tokens', { tokens: Number.NaN }],
    ['negative tokens', { tokens: -100 }],
    ['infinite tokens', { tokens: Number.POSITIVE_INFINITY }],
  ])('%s: the budget fails closed (source error) and charges nothing', (_, usage) => {
    const engine = new PolicyEngine(loadPolicy(LIMITS));
    expect(engine.decide(call('a', 'llm', { time: 0, ...usage }))).toMatchObject({
      decision: 'deny',
      source: 'error',
      rule: 'token-budget',
      reason: expect.stringMatching(
        /^budget 'token-budget' cannot charge this call \(tokens .* is not a finite number >= 0\)/,
      ),
    });
    // Nothing was charged or refilled: a full budget's worth still passes, one more does not.
    expect(engine.decide(call('a', 'llm', { time: 1, tokens: 1000 })).decision).toBe('allow');
    expect(engine.decide(call('a', 'llm', { time: 2, tokens: 1 })).source).toBe('budget');
  });

  it('negative cost cannot refill a budget: -100 then 120 against $50', () => {
    const engine = new PolicyEngine(
      loadPolicy(
        header(
          'usd',
          '  default: allow\n  rules:\n    - id: usd\n      budget: { costUsd: 50, per: 1d }\n',
        ),
      ),
    );
    expect(engine.decide(call('a', 'llm', { time: 0, costUsd: -100 })).source).toBe('error');
    engine.charge(call('a', 'llm', { time: 1 }), { costUsd: -100 });
    expect(engine.decide(call('a', 'llm', { time: 2, costUsd: 120 })).source).toBe('budget');
  });

  it('charge() adds usage known after the call', () => {
    const engine = new PolicyEngine(loadPolicy(LIMITS));
    engine.charge(call('a', 'llm', { time: 0 }), { tokens: 1000 });
    expect(engine.decide(call('a', 'llm', { time: 1 })).source).toBe('budget');
  });

  it('a reload keeps the state of unchanged rules and drops changed ones', () => {
    const engine = new PolicyEngine(loadPolicy(LIMITS));
    for (let i = 0; i < 3; i++) engine.decide(call('a', 'web_search', { time: i }));
    engine.setPolicy(loadPolicy(LIMITS));
    expect(engine.decide(call('a', 'web_search', { time: 4 })).source).toBe('rate_limit');
    engine.setPolicy(loadPolicy(LIMITS.replace('count: 3', 'count: 5')));
    expect(engine.decide(call('a', 'web_search', { time: 5 })).source).toBe('default');
  });

  it('bounds tracked keys per rule without ever resetting an active key', () => {
    const engine = new PolicyEngine(loadPolicy(LIMITS), { maxKeysPerRule: 2 });
    const source = (agent: string, time: number): string =>
      engine.decide(call(agent, 'web_search', { time })).source;
    for (let i = 0; i < 3; i++) source('a', i);
    expect(source('b', 3)).toBe('default');
    // At the cap with both keys active: a new key is refused (fail closed), and cycling new
    // keys never hands 'a' a fresh bucket.
    for (let i = 0; i < 100; i++) expect(source(`other-${i}`, 4 + i)).toBe('rate_limit');
    expect(source('a', 200)).toBe('rate_limit');
    // Once a bucket has refilled completely (idle for the window), its key is forgotten.
    expect(source('new', 70_000)).toBe('default');
  });

  it('budgets at the key cap: a new key is refused until the window turns', () => {
    const engine = new PolicyEngine(loadPolicy(LIMITS), { maxKeysPerRule: 2 });
    const decide = (agent: string, time: number, tokens: number) =>
      engine.decide(call(agent, 'llm', { time, tokens })).source;
    expect(decide('a', 0, 900)).toBe('default');
    expect(decide('b', 1, 10)).toBe('default');
    for (let i = 0; i < 50; i++) expect(decide(`other-${i}`, 2 + i, 1)).toBe('budget');
    expect(decide('a', 100, 200)).toBe('budget'); // 'a' kept its 900 spent
    expect(decide('c', 3_600_000, 10)).toBe('default');
  });
});
