import { SpanStatusCode, trace } from '@opentelemetry/api';
import { AlwaysOffSampler } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import {
  govern,
  isPolicyDeniedError,
  PolicyDeniedError,
  withAgent,
} from '../../instrumentation/index.js';
import { governedSetup, policyText } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';

const POLICY = policyText(`  default: deny
  agents:
    - match: "researcher-*"
      allowTools: [web_search, file_read]
  rules:
    - id: no-etc
      tools: [file_read]
      when: 'args.path.startsWith("/etc/")'
      decision: deny
      reason: system files are off limits
`);

let setup: GovernedSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

describe('govern(): the execute_tool span and the verdict on it', () => {
  it('allows, runs the tool in the span context, and records GenAI + policy attributes', async () => {
    setup = governedSetup({ policy: POLICY });
    let activeInTool: string | undefined;
    const result = await withAgent({ id: 'researcher-1', name: 'researcher' }, () =>
      govern({ tool: 'web_search', args: { q: 'otel' }, callId: 'c1' }, async () => {
        activeInTool = trace.getActiveSpan()?.spanContext().spanId;
        return 'found';
      }),
    );
    expect(result).toBe('found');
    const [span] = setup.exporter.getFinishedSpans();
    expect(span?.name).toBe('execute_tool web_search');
    expect(activeInTool).toBe(span?.spanContext().spanId);
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'web_search',
      'gen_ai.tool.call.id': 'c1',
      'gen_ai.tool.type': 'function',
      'gen_ai.agent.id': 'researcher-1',
      'gen_ai.agent.name': 'researcher',
      'agc.policy.decision': 'allow',
      'agc.policy.source': 'policy',
      'agc.policy.rule': 'agents[0]',
      'agc.policy.id': 'test',
      'agc.policy.mode': 'enforce',
      'gen_ai.guardrail.verdict.type': 'allow',
      'gen_ai.guardrail.security.policy.id': 'test',
    });
    expect(span?.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('denies in enforce mode: span ERROR, PolicyDeniedError with the verdict, tool body never runs', () => {
    setup = governedSetup({ policy: POLICY });
    let ran = false;
    let error: unknown;
    try {
      withAgent({ id: 'researcher-1' }, () =>
        govern({ tool: 'file_read', args: { path: '/etc/passwd' } }, () => (ran = true)),
      );
    } catch (e) {
      error = e;
    }
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(isPolicyDeniedError(error)).toBe(true);
    expect((error as PolicyDeniedError).verdict).toMatchObject({
      decision: 'deny',
      rule: 'no-etc',
      reason: 'system files are off limits',
    });
    const [span] = setup.exporter.getFinishedSpans();
    expect(span?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'system files are off limits',
    });
    expect(span?.attributes).toMatchObject({
      'agc.policy.decision': 'deny',
      'agc.policy.enforced': true,
      'error.type': 'agc.policy_denied',
      'gen_ai.guardrail.action.type': 'block',
    });
    expect(span?.events.map((e) => e.name)).toContain('agc.policy.denied');
  });

  it('audit mode records the would-be deny and runs the tool', async () => {
    setup = governedSetup({ policy: POLICY, governor: { mode: 'audit' } });
    const out = await withAgent({ id: 'writer-1' }, () =>
      govern({ tool: 'file_write' }, async () => 'written'),
    );
    expect(out).toBe('written');
    expect(setup.exporter.getFinishedSpans()[0]?.attributes).toMatchObject({
      'agc.policy.decision': 'audit',
      'agc.policy.mode': 'audit',
      'agc.policy.source': 'default',
    });
  });

  it('records a failing tool as an error with error.type, and rethrows it', async () => {
    setup = governedSetup({ policy: POLICY });
    class ToolTimeout extends Error {
      override name = 'ToolTimeout';
    }
    await expect(
      withAgent({ id: 'researcher-1' }, () =>
        govern({ tool: 'web_search' }, async () => Promise.reject(new ToolTimeout('slow'))),
      ),
    ).rejects.toThrow('slow');
    const [span] = setup.exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'slow' });
    expect(span?.attributes['error.type']).toBe('ToolTimeout');
    expect(span?.attributes['agc.policy.decision']).toBe('allow');
  });

  it('captures arguments and results only with content capture on, always redacted', async () => {
    setup = governedSetup({ policy: POLICY, governor: { captureContent: true } });
    await withAgent({ id: 'researcher-1' }, () =>
      govern(
        {
          tool: 'web_search',
          args: { q: 'mail bob@example.com', apiKey: 'k-123', auth: 'Bearer abcdefghijkl' },
        },
        async () => ({ token: 'secret', text: 'key sk-abcdefghijklmnopqrstuv' }),
      ),
    );
    const a = setup.exporter.getFinishedSpans()[0]?.attributes;
    expect(JSON.parse(String(a?.['gen_ai.tool.call.arguments']))).toEqual({
      q: 'mail [REDACTED]',
      apiKey: '[REDACTED]',
      auth: '[REDACTED]',
    });
    expect(JSON.parse(String(a?.['gen_ai.tool.call.result']))).toEqual({
      token: '[REDACTED]',
      text: 'key [REDACTED]',
    });
  });

  // A tool's arguments are the caller's: capture must record what it can and never change the
  // decision (a BigInt argument ran with capture off and was denied with it on).
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const unreadable = {
    get boom(): never {
      throw new Error('getter exploded');
    },
  };
  const deep: unknown = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
  it.each<[string, unknown]>([
    ['a BigInt', { n: 10n }],
    ['a cycle', cyclic],
    ['a throwing getter', unreadable],
    ['5,000 levels of nesting', { deep }],
  ])('arguments holding %s: the same decision with capture on, and a span', async (_, args) => {
    for (const captureContent of [false, true]) {
      setup = governedSetup({ policy: POLICY, governor: { captureContent } });
      const result = await withAgent({ id: 'researcher-1' }, () =>
        govern({ tool: 'web_search', args: args as Record<string, unknown> }, async () => 'ran'),
      );
      expect(result, `capture ${captureContent}`).toBe('ran');
      const [span] = setup.exporter.getFinishedSpans();
      expect(span?.attributes['agc.policy.decision']).toBe('allow');
      if (captureContent)
        expect(span?.attributes['gen_ai.tool.call.arguments']).toBeTypeOf('string');
      await setup.close();
      setup = undefined;
    }
  });

  it('attributes calls to the right agent under 1,000 concurrent agents', async () => {
    setup = governedSetup({ policy: policyText('  default: allow\n') });
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        withAgent({ id: `agent-${i}` }, async () => {
          await new Promise((r) => setTimeout(r, (i * 7) % 13));
          await govern({ tool: 'work', callId: `call-${i}` }, async () => {
            await new Promise((r) => setTimeout(r, (i * 3) % 5));
          });
        }),
      ),
    );
    const spans = setup.exporter.getFinishedSpans();
    expect(spans).toHaveLength(1000);
    for (const span of spans) {
      expect(span.attributes['gen_ai.agent.id']).toBe(
        `agent-${String(span.attributes['gen_ai.tool.call.id']).slice(5)}`,
      );
    }
  });

  it('is a child of the active (agent run) span', async () => {
    setup = governedSetup({ policy: policyText('  default: allow\n') });
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan(
      'invoke_agent planner',
      { attributes: { 'gen_ai.agent.id': 'planner-7', 'gen_ai.agent.name': 'planner' } },
      async (run) => {
        await govern({ tool: 'lookup' }, async () => 1);
        run.end();
      },
    );
    const tool = setup.exporter.getFinishedSpans().find((s) => s.name === 'execute_tool lookup');
    const run = setup.exporter.getFinishedSpans().find((s) => s.name === 'invoke_agent planner');
    expect(tool?.parentSpanContext?.spanId).toBe(run?.spanContext().spanId);
    // No withAgent: the agent comes from the run span's gen_ai.agent.* attributes.
    expect(tool?.attributes).toMatchObject({
      'gen_ai.agent.id': 'planner-7',
      'gen_ai.agent.name': 'planner',
    });
  });
});

describe('govern(): enforcement never depends on the provider or sampling', () => {
  it('enforces when our processor is not in the app provider (decides directly)', () => {
    setup = governedSetup({ policy: POLICY, withProcessor: false });
    expect(() =>
      withAgent({ id: 'researcher-1' }, () => govern({ tool: 'shell_exec' }, () => 'ran')),
    ).toThrow(PolicyDeniedError);
    expect(setup.exporter.getFinishedSpans()[0]?.attributes).toMatchObject({
      'agc.policy.decision': 'deny',
      'agc.policy.source': 'policy',
      'agc.policy.rule': 'agents[0]',
    });
  });

  it('still feeds observers when our processor is absent', async () => {
    setup = governedSetup({ policy: policyText('  default: allow\n'), withProcessor: false });
    const seen: string[] = [];
    setup.governor.addObserver({
      name: 't',
      observe: (e) => void seen.push(`${e.agentId}/${e.tool}/${e.decision}`),
    });
    await withAgent({ id: 'a' }, () => govern({ tool: 't1' }, async () => 1));
    expect(seen).toEqual(['a/t1/allow']);
  });

  it('records governed spans (RECORD) when the configured sampler drops everything', async () => {
    setup = governedSetup({ policy: POLICY, sampler: new AlwaysOffSampler() });
    const seen: string[] = [];
    setup.governor.addObserver({ name: 't', observe: (e) => void seen.push(e.decision) });
    await withAgent({ id: 'researcher-1' }, () => govern({ tool: 'web_search' }, async () => 1));
    expect(() =>
      withAgent({ id: 'researcher-1' }, () => govern({ tool: 'file_write' }, () => 1)),
    ).toThrow(PolicyDeniedError);
    // Not exported (not sampled), but decided and observed.
    expect(setup.exporter.getFinishedSpans()).toHaveLength(0);
    expect(seen).toEqual(['allow', 'deny']);
  });

  it('works with no provider at all (no-op spans): still decides and enforces', () => {
    setup = governedSetup({ policy: POLICY });
    trace.disable();
    expect(() =>
      withAgent({ id: 'researcher-1' }, () => govern({ tool: 'file_write' }, () => 1)),
    ).toThrow(PolicyDeniedError);
    expect(withAgent({ id: 'researcher-1' }, () => govern({ tool: 'web_search' }, () => 42))).toBe(
      42,
    );
  });
});
