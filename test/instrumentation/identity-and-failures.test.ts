import { SpanStatusCode } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, PolicyDeniedError, withAgent } from '../../instrumentation/index.js';
import type { ToolCallEvent } from '../../conventions/index.js';
import { governedSetup, policyText } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';

const ALLOW = policyText('  default: allow\n');

let setup: GovernedSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

function observed(s: GovernedSetup): ToolCallEvent[] {
  const events: ToolCallEvent[] = [];
  s.governor.addObserver({ name: 'test', observe: (e) => void events.push(e) });
  return events;
}

function deniedBy(fn: () => unknown): PolicyDeniedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PolicyDeniedError) return error;
    throw error;
  }
  throw new Error('expected a deny');
}

describe('bound identity: withAgent() wins over an agent the caller names', () => {
  it('denies a call that names another agent (source identity), on a span of the bound agent', () => {
    setup = governedSetup({ policy: ALLOW });
    const events = observed(setup);
    let ran = false;
    const error = deniedBy(() =>
      withAgent({ id: 'a' }, () => govern({ tool: 't', agent: { id: 'b' } }, () => (ran = true))),
    );
    expect(ran).toBe(false);
    expect(error.verdict).toMatchObject({ decision: 'deny', source: 'identity' });
    const [span] = setup.exporter.getFinishedSpans();
    expect(span?.attributes).toMatchObject({
      'gen_ai.agent.id': 'a',
      'agc.policy.decision': 'deny',
      'agc.policy.source': 'identity',
    });
    expect(events.map((e) => `${e.agentId}/${e.source}/${String(e.blocked)}`)).toEqual([
      'a/identity/true',
    ]);
  });

  it('a quarantined agent cannot act by naming another one', () => {
    setup = governedSetup({ policy: ALLOW });
    setup.governor.quarantines.add('a', 'test', 60_000, Date.now());
    const error = deniedBy(() =>
      withAgent({ id: 'a' }, () => govern({ tool: 't', agent: { id: 'clean' } }, () => 1)),
    );
    expect(['identity', 'quarantine']).toContain(error.verdict.source);
    expect(setup.exporter.getFinishedSpans()[0]?.attributes['gen_ai.agent.id']).toBe('a');
  });

  it('allows a claim that matches the bound agent, and records the would-be deny in audit mode', async () => {
    setup = governedSetup({ policy: ALLOW });
    expect(withAgent({ id: 'a' }, () => govern({ tool: 't', agent: { id: 'a' } }, () => 1))).toBe(
      1,
    );
    await setup.close();
    setup = governedSetup({ policy: ALLOW, governor: { mode: 'audit' } });
    expect(withAgent({ id: 'a' }, () => govern({ tool: 't', agent: { id: 'b' } }, () => 2))).toBe(
      2,
    );
    expect(setup.exporter.getFinishedSpans()[0]?.attributes).toMatchObject({
      'agc.policy.decision': 'audit',
      'agc.policy.source': 'identity',
    });
  });

  it("a framework's agent name names the agent but never replaces the bound id", () => {
    setup = governedSetup({ policy: ALLOW });
    const result = withAgent({ id: 'tenant-7' }, () =>
      govern({ tool: 't', agent: { id: 'Researcher', name: 'Researcher' } }, () => 3, {
        agentFrom: 'framework',
      }),
    );
    expect(result).toBe(3);
    expect(setup.exporter.getFinishedSpans()[0]?.attributes).toMatchObject({
      'gen_ai.agent.id': 'tenant-7',
      'gen_ai.agent.name': 'Researcher',
      'agc.policy.decision': 'allow',
    });
  });

  it('no agent known: no gen_ai.agent.id at all (never a made-up "unknown"), an empty id too', () => {
    setup = governedSetup({ policy: ALLOW });
    const events = observed(setup);
    govern({ tool: 't' }, () => 1);
    withAgent({ id: '' }, () => govern({ tool: 't', agent: { id: '' } }, () => 1));
    const spans = setup.exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    for (const span of spans) expect(span.attributes).not.toHaveProperty('gen_ai.agent.id');
    expect(events.map((e) => e.agentId)).toEqual(['', '']);
  });
});

/** A span processor of the app's whose onStart throws for the first FAILURES spans. */
function throwingOnStart(failures: number): SpanProcessor {
  let left = failures;
  return {
    onStart(_span: Span) {
      if (left-- > 0) throw new Error('processor exploded');
    },
    onEnd() {},
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

describe('a governance failure before the span is still a decision on a span, and counted', () => {
  it("a processor's onStart that throws once: denied, the deny is on a span, counted once", () => {
    setup = governedSetup({ policy: ALLOW, extraProcessors: [throwingOnStart(1)] });
    const events = observed(setup);
    let ran = false;
    const error = deniedBy(() =>
      withAgent({ id: 'a' }, () => govern({ tool: 't' }, () => (ran = true))),
    );
    expect(ran).toBe(false);
    expect(error.verdict.source).toBe('error');
    const spans = setup.exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.name).toBe('execute_tool t');
    expect(spans[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(spans[0]?.attributes).toMatchObject({
      'agc.policy.decision': 'deny',
      'agc.policy.source': 'error',
    });
    expect(events.map((e) => `${e.source}/${String(e.blocked)}`)).toEqual(['error/true']);
  });

  it('a provider that cannot start any span: denied and still counted', () => {
    setup = governedSetup({ policy: ALLOW, extraProcessors: [throwingOnStart(Infinity)] });
    const events = observed(setup);
    const error = deniedBy(() => withAgent({ id: 'a' }, () => govern({ tool: 't' }, () => 1)));
    expect(error.verdict.source).toBe('error');
    expect(setup.exporter.getFinishedSpans()).toHaveLength(0);
    expect(events.map((e) => `${e.agentId}/${e.source}/${String(e.blocked)}`)).toEqual([
      'a/error/true',
    ]);
  });

  it('in audit mode the failure is recorded and the tool runs', () => {
    setup = governedSetup({
      policy: ALLOW,
      governor: { mode: 'audit' },
      extraProcessors: [throwingOnStart(1)],
    });
    const events = observed(setup);
    expect(withAgent({ id: 'a' }, () => govern({ tool: 't' }, () => 'ran'))).toBe('ran');
    expect(events.map((e) => `${e.decision}/${e.source}`)).toEqual(['audit/error']);
  });
});
