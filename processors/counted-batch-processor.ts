import { TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type {
  ReadableSpan,
  Span,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { CountingSpanExporter } from './counting-exporter.js';
import type { GovernanceMetrics } from './governance-metrics.js';

/** Options of {@link CountedBatchSpanProcessor}. */
export interface CountedBatchOptions {
  /** Spans waiting for export at most; more are dropped and counted. @default 2048 */
  readonly maxQueueSize?: number;
  /** Spans per export call. @default 512 */
  readonly maxExportBatchSize?: number;
}

/**
 * OTel's `BatchSpanProcessor` with every span accounted for in `agc_exporter_spans_total`:
 * `ok` and `failed` from the export results, and `dropped_queue_full` for spans refused while
 * the queue is full (the SDK's own processor only logs those). The queue bound is kept here —
 * spans handed on and not yet given to the exporter — and the SDK processor gets room for a
 * batch more, so it never drops a span uncounted.
 */
export class CountedBatchSpanProcessor implements SpanProcessor {
  private readonly _inner: BatchSpanProcessor;
  private readonly _max: number;
  private _waiting = 0;

  constructor(
    private readonly _name: string,
    exporter: SpanExporter,
    private readonly _metrics: GovernanceMetrics,
    options: CountedBatchOptions = {},
  ) {
    this._max = options.maxQueueSize ?? 2048;
    const batch = options.maxExportBatchSize ?? 512;
    const counted = new CountingSpanExporter(_name, exporter, _metrics, (n) => {
      this._waiting = Math.max(0, this._waiting - n);
    });
    this._inner = new BatchSpanProcessor(counted, {
      maxQueueSize: this._max + batch,
      maxExportBatchSize: batch,
    });
  }

  /** Spans handed on and not yet given to the exporter. */
  get waiting(): number {
    return this._waiting;
  }

  onStart(span: Span, parentContext: Context): void {
    this._inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this._waiting >= this._max) {
      this._metrics.exporterSpans(this._name, 'dropped_queue_full', 1);
      return;
    }
    this._waiting++;
    this._inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this._inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this._inner.shutdown();
  }
}
