import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { redactedSpans } from '../recording/index.js';

/**
 * Wraps an exporter so every span it sends is redacted first, whoever set its attributes (see
 * `redactedSpan`): what we export carries no secret the recorder would not write either.
 */
export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly _inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this._inner.export(redactedSpans(spans), resultCallback);
  }

  shutdown(): Promise<void> {
    return this._inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this._inner.forceFlush?.() ?? Promise.resolve();
  }
}
