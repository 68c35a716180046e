import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterEach, describe, expect, it } from 'vitest';
import { contextFromMeta, withTraceMeta } from '../../instrumentation/mcp/trace-meta.js';
import { governedSetup } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';

// MCP carries trace context from client to server in `params._meta`.

let setup: GovernedSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

function withSpan<T>(fn: (traceId: string, spanId: string) => T): T {
  return trace.getTracer('test').startActiveSpan('client', (span) => {
    try {
      const { traceId, spanId } = span.spanContext();
      return fn(traceId, spanId);
    } finally {
      span.end();
    }
  });
}

describe('MCP _meta trace propagation', () => {
  it('adds traceparent to a copy of the params, keeping the caller’s _meta entries', () => {
    setup = governedSetup();
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const params = { name: 'lookup', arguments: { key: 'a' }, _meta: { progressToken: 7 } };
    const sent = withSpan((traceId, spanId) => {
      const out = withTraceMeta(params);
      expect(out._meta).toEqual({ progressToken: 7, traceparent: `00-${traceId}-${spanId}-01` });
      return out;
    });
    expect(sent).not.toBe(params);
    expect(params._meta).toEqual({ progressToken: 7 });
    expect(sent.arguments).toBe(params.arguments);
  });

  it('leaves the params alone when there is nothing to propagate', () => {
    setup = governedSetup();
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const params = { name: 'lookup' };
    expect(withTraceMeta(params)).toBe(params);
  });

  it('the server continues the trace carried in _meta, or stays in its own context', () => {
    setup = governedSetup();
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const spanId = 'b7ad6b7169203331';
    const remote = contextFromMeta({ traceparent: `00-${traceId}-${spanId}-01` });
    expect(trace.getSpanContext(remote)).toMatchObject({ traceId, spanId, isRemote: true });
    for (const meta of [undefined, {}, { traceparent: 'garbage' }]) {
      expect(contextFromMeta(meta)).toBe(context.active());
    }
  });
});
