import { context, propagation, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';

/**
 * PARAMS of a `tools/call` request with the active trace context (`traceparent`, `tracestate`,
 * `baggage`, as the configured propagator writes them) added to `params._meta`, the MCP
 * convention for carrying trace context. A copy: the caller's object is not modified.
 */
export function withTraceMeta<P>(params: P): P {
  if (typeof params !== 'object' || params === null) return params;
  const meta: Record<string, unknown> = {
    ...(params as { _meta?: Record<string, unknown> })._meta,
  };
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (Object.keys(carrier).length === 0) return params;
  return { ...params, _meta: Object.assign(meta, carrier) };
}

/**
 * The context a server handler should run in: the one carried in the request's `_meta` when it
 * has a valid span context, else the active context.
 */
export function contextFromMeta(meta: unknown): Context {
  if (typeof meta !== 'object' || meta === null) return context.active();
  const extracted = propagation.extract(context.active(), meta as Record<string, unknown>);
  return trace.getSpanContext(extracted) === undefined ? context.active() : extracted;
}
