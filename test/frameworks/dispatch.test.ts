import { trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgcInstrumentation } from '../../instrumentation/agc-instrumentation.js';
import type { AgcInstrumentationConfig } from '../../instrumentation/agc-instrumentation.js';
import type { GovernedCall } from '../../instrumentation/govern.js';
import { sameToolName } from '../../instrumentation/governed-call-context.js';
import { isPolicyDeniedError } from '../../instrumentation/index.js';
import type { PolicyDeniedError } from '../../instrumentation/index.js';
import { governedSetup, policyText } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';

// The one dispatch path of every framework patch: fail open, dedup, deny → refusal or throw.

const POLICY = policyText(`  default: allow
  rules:
    - id: no-email
      tools: [send_email]
      decision: deny
      reason: e-mail is not allowed
`);

/** Exposes the protected dispatch; patches nothing. */
class TestInstrumentation extends AgcInstrumentation {
  constructor(config: AgcInstrumentationConfig = {}) {
    super('test', config);
  }
  protected init() {
    return [];
  }
  dispatch<T>(
    describe: () => GovernedCall | undefined,
    run: () => T,
    refuse?: (denied: PolicyDeniedError) => T,
    existing?: Span,
  ): T {
    return this._dispatch(describe, run, refuse, existing);
  }
}

let setup: GovernedSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const spanNames = (s: GovernedSetup) => s.exporter.getFinishedSpans().map((span) => span.name);

describe('AgcInstrumentation dispatch', () => {
  it('governs an allowed call in an execute_tool span and returns what the tool returned', async () => {
    setup = governedSetup({ policy: POLICY });
    const instrumentation = new TestInstrumentation();
    let active: string | undefined;
    const result = await instrumentation.dispatch(
      () => ({ tool: 'web_search', callId: 'c1' }),
      async () => {
        active = trace.getActiveSpan()?.spanContext().spanId;
        return 'found';
      },
    );
    expect(result).toBe('found');
    const [span] = setup.exporter.getFinishedSpans();
    expect(span?.name).toBe('execute_tool web_search');
    expect(span?.attributes['agc.policy.decision']).toBe('allow');
    expect(active).toBe(span?.spanContext().spanId);
  });

  it('answers a deny with the refusal and never runs the tool', () => {
    setup = governedSetup({ policy: POLICY });
    const run = vi.fn((): unknown => 'sent');
    const result = new TestInstrumentation().dispatch<unknown>(
      () => ({ tool: 'send_email', callId: 'c2' }),
      run,
      (denied) => `refused: ${denied.verdict.rule ?? ''}`,
    );
    expect(result).toBe('refused: no-email');
    expect(run).not.toHaveBeenCalled();
    const [span] = setup.exporter.getFinishedSpans();
    expect(span?.attributes['agc.policy.decision']).toBe('deny');
    expect(span?.attributes['agc.policy.enforced']).toBe(true);
  });

  it('throws the PolicyDeniedError with throwOnDeny, or when the framework has no refusal shape', () => {
    setup = governedSetup({ policy: POLICY });
    const run = vi.fn(() => 'sent');
    const refuse = vi.fn(() => 'refused');
    const thrown = (instrumentation: TestInstrumentation, withRefusal: boolean): unknown => {
      try {
        instrumentation.dispatch(
          () => ({ tool: 'send_email' }),
          run,
          withRefusal ? refuse : undefined,
        );
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const withOption = thrown(new TestInstrumentation({ throwOnDeny: true }), true);
    const withoutShape = thrown(new TestInstrumentation(), false);
    for (const error of [withOption, withoutShape]) {
      expect(isPolicyDeniedError(error)).toBe(true);
      expect((error as PolicyDeniedError).tool).toBe('send_email');
    }
    expect(run).not.toHaveBeenCalled();
    expect(refuse).not.toHaveBeenCalled();
  });

  it('throws the deny when the refusal cannot be shaped (the tool still does not run)', () => {
    setup = governedSetup({ policy: POLICY });
    const run = vi.fn(() => 'sent');
    expect(() =>
      new TestInstrumentation().dispatch(
        () => ({ tool: 'send_email' }),
        run,
        () => {
          throw new Error('no ToolMessage here');
        },
      ),
    ).toThrow(/denied by policy rule 'no-email'/);
    expect(run).not.toHaveBeenCalled();
  });

  it('fails open: a call that cannot be described runs the original, with no span', () => {
    setup = governedSetup({ policy: POLICY });
    const instrumentation = new TestInstrumentation();
    const run = vi.fn(() => 'original result');
    const broken = () => {
      throw new TypeError('framework internals changed');
    };
    expect(instrumentation.dispatch(broken, run)).toBe('original result');
    expect(instrumentation.dispatch(() => undefined, run)).toBe('original result');
    expect(run).toHaveBeenCalledTimes(2);
    expect(setup.exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('runs the original untouched when disabled', () => {
    setup = governedSetup({ policy: POLICY });
    const instrumentation = new TestInstrumentation();
    instrumentation.disable();
    const describeCall = vi.fn(() => ({ tool: 'send_email' }));
    expect(instrumentation.dispatch(describeCall, () => 'sent')).toBe('sent');
    expect(describeCall).not.toHaveBeenCalled();
    expect(setup.exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('lets a tool error through the span unchanged', async () => {
    setup = governedSetup({ policy: POLICY });
    const failure = new RangeError('upstream 503');
    await expect(
      new TestInstrumentation().dispatch(
        () => ({ tool: 'web_search' }),
        () => Promise.reject(failure),
      ),
    ).rejects.toBe(failure);
    expect(setup.exporter.getFinishedSpans()[0]?.attributes['error.type']).toBe('RangeError');
  });

  it('opens one span when two patches see the same call, two for a different tool inside', async () => {
    setup = governedSetup({ policy: POLICY });
    const outer = new TestInstrumentation();
    const inner = new TestInstrumentation();
    const nested = (tool: string) =>
      outer.dispatch(
        () => ({ tool: 'mcp__local__lookup', callId: 'c9' }),
        () =>
          inner.dispatch(
            () => ({ tool }),
            async () => `${tool} done`,
          ),
      );
    expect(await nested('lookup')).toBe('lookup done');
    expect(spanNames(setup)).toEqual(['execute_tool mcp__local__lookup']);
    setup.exporter.reset();
    expect(await nested('web_search')).toBe('web_search done');
    expect(spanNames(setup).sort()).toEqual([
      'execute_tool mcp__local__lookup',
      'execute_tool web_search',
    ]);
  });

  it('does not dedup when another span was opened between the two patches', async () => {
    setup = governedSetup({ policy: POLICY });
    const instrumentation = new TestInstrumentation();
    const tracer = trace.getTracer('test');
    await instrumentation.dispatch(
      () => ({ tool: 'lookup' }),
      () =>
        tracer.startActiveSpan('sub-agent', async (span) => {
          await instrumentation.dispatch(
            () => ({ tool: 'lookup' }),
            async () => 'inner',
          );
          span.end();
        }),
    );
    expect(spanNames(setup).filter((name) => name === 'execute_tool lookup')).toHaveLength(2);
  });
});

describe('a tool span the framework opened itself (Google ADK) is enriched, not doubled', () => {
  const frameworkSpan = (tool: string): Span =>
    trace.getTracer('framework').startSpan(`execute_tool ${tool}`);

  it('stamps the call and the verdict on that span and opens none of its own', async () => {
    setup = governedSetup({ policy: POLICY });
    const span = frameworkSpan('web_search');
    const result = await new TestInstrumentation().dispatch(
      () => ({ tool: 'web_search', callId: 'c1', agent: { id: 'a1', name: 'researcher' } }),
      () => Promise.resolve('found'),
      undefined,
      span,
    );
    span.end();
    expect(result).toBe('found');
    const spans = setup.exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['execute_tool web_search']);
    expect(spans[0]?.instrumentationScope.name).toBe('framework');
    expect(spans[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'web_search',
      'gen_ai.tool.call.id': 'c1',
      'gen_ai.agent.id': 'a1',
      'gen_ai.agent.name': 'researcher',
      'agc.governed': true,
      'agc.policy.decision': 'allow',
    });
  });

  it('enforces a deny on it (status, error.type, event) without running the tool', () => {
    setup = governedSetup({ policy: POLICY });
    const span = frameworkSpan('send_email');
    const run = vi.fn((): unknown => 'sent');
    const result = new TestInstrumentation().dispatch<unknown>(
      () => ({ tool: 'send_email', callId: 'c2' }),
      run,
      (denied) => ({ error: denied.message }),
      span,
    );
    span.end();
    expect(result).toEqual({ error: expect.stringMatching(/denied by policy rule 'no-email'/) });
    expect(run).not.toHaveBeenCalled();
    const [ended] = setup.exporter.getFinishedSpans();
    expect(ended?.attributes).toMatchObject({
      'agc.policy.decision': 'deny',
      'agc.policy.enforced': true,
      'error.type': 'agc.policy_denied',
    });
    expect(ended?.status.code).toBe(2);
    expect(ended?.events.map((e) => e.name)).toEqual(['agc.policy.denied']);
  });

  it('marks a failing tool on it', async () => {
    setup = governedSetup({ policy: POLICY });
    const span = frameworkSpan('web_search');
    const failure = new RangeError('upstream 503');
    await expect(
      new TestInstrumentation().dispatch(
        () => ({ tool: 'web_search' }),
        () => Promise.reject(failure),
        undefined,
        span,
      ),
    ).rejects.toBe(failure);
    span.end();
    const [ended] = setup.exporter.getFinishedSpans();
    expect(ended?.attributes['error.type']).toBe('RangeError');
    expect(ended?.status).toEqual({ code: 2, message: 'upstream 503' });
  });
});

describe('sameToolName: one call seen by two layers', () => {
  it.each([
    ['lookup', 'lookup', true],
    ['mcp__local__lookup', 'lookup', true],
    ['lookup', 'mcp__local__lookup', true],
    ['server.lookup', 'lookup', true],
    ['web_search', 'search', true],
    ['websearch', 'search', false],
    ['lookup', 'look', false],
    ['lookup', '', false],
    ['send_email', 'web_search', false],
  ])('%s / %s → %s', (a, b, same) => {
    expect(sameToolName(a, b)).toBe(same);
  });
});
