import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { GovernanceMetrics } from './governance-metrics.js';

/**
 * Wraps an exporter to count exported and failed spans in `agc_exporter_spans_total`. ON_HANDED
 * hears how many spans each export call takes (when they leave the batch queue).
 */
export class CountingSpanExporter implements SpanExporter {
  constructor(
    private readonly _name: string,
    private readonly _inner: SpanExporter,
    private readonly _metrics: GovernanceMetrics,
    private readonly _onHanded?: (count: number) => void,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this._onHanded?.(spans.length);
    this._inner.export(spans, (result) => {
      this._metrics.exporterSpans(
        this._name,
        result.code === ExportResultCode.SUCCESS ? 'ok' : 'failed',
        spans.length,
      );
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this._inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this._inner.forceFlush?.() ?? Promise.resolve();
  }
}
