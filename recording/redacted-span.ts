import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { redactAttributes, redactText } from '../common/index.js';

/**
 * SPAN as it may leave the process: its name and every attribute redacted whoever set it (our spans, a
 * framework's own telemetry such as the AI SDK's `ai.*`, OpenLLMetry, OpenInference), and its
 * status message, event attributes (`exception.message`) and link attributes too. The span
 * itself is not changed (the app's own exporters see what the app set); a span with nothing to
 * redact is returned as is.
 */
export function redactedSpan(span: ReadableSpan): ReadableSpan {
  const attributes = redactAttributes(span.attributes) as Attributes | undefined;
  const name = redactText(span.name); // `execute_tool {tool}`: a tool name is caller input
  const message = span.status.message;
  const redactedMessage = message !== undefined ? redactText(message) : undefined;
  const events = redactEach(span.events);
  const links = redactEach(span.links);
  if (
    attributes === undefined &&
    name === span.name &&
    redactedMessage === message &&
    events === undefined &&
    links === undefined
  ) {
    return span;
  }
  // A view over the span: methods (spanContext()) and every other field come from the span.
  const view = Object.create(span) as Record<string, unknown>;
  const define = (key: string, value: unknown): void => {
    Object.defineProperty(view, key, { value, enumerable: true });
  };
  if (attributes !== undefined) define('attributes', attributes);
  if (name !== span.name) define('name', name);
  if (redactedMessage !== message) define('status', { ...span.status, message: redactedMessage });
  if (events !== undefined) define('events', events);
  if (links !== undefined) define('links', links);
  return view as unknown as ReadableSpan;
}

/** {@link redactedSpan} over a batch. */
export function redactedSpans(spans: readonly ReadableSpan[]): ReadableSpan[] {
  return spans.map(redactedSpan);
}

/** ITEMS with their attributes redacted (events, links); undefined when nothing changed. */
function redactEach<T extends { readonly attributes?: Attributes }>(
  items: readonly T[],
): T[] | undefined {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item?.attributes === undefined) continue;
    const attributes = redactAttributes(item.attributes) as Attributes | undefined;
    if (attributes !== undefined) (out ??= [...items])[i] = { ...item, attributes };
  }
  return out;
}
