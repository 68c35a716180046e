import { TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { GovernanceMetrics } from '../governance-metrics.js';
import { CHECKPOINT_SPAN_NAME } from '../../recording/recording-checkpoint.js';
import type { ChainCheckpoint, RecordingWriter } from '../../recording/recording-writer.js';

/** Options of {@link RecordingSpanProcessor}. */
export interface RecordingSpanProcessorOptions {
  /** Spans held in memory before new ones are dropped (and counted). @default 4096 */
  readonly maxQueueSize?: number;
  /** Spans per line at most. @default 512 */
  readonly maxBatchSize?: number;
  /** Flush interval in ms. @default 200 */
  readonly flushIntervalMs?: number;
  /** Flush synchronously on exit, uncaught exceptions, SIGTERM and SIGINT. @default true */
  readonly flushOnExit?: boolean;
  readonly metrics?: GovernanceMetrics;
  /** Called with errors (counted, logged once by the caller). */
  readonly onError?: (error: unknown) => void;
  /**
   * Called with the chain position of the last line written, at most every
   * `checkpointIntervalMs` while the chain advances, and once after the close line: the runtime
   * sends it out of process as a checkpoint span.
   */
  readonly onCheckpoint?: (checkpoint: ChainCheckpoint) => void;
  /** @default 10000 */
  readonly checkpointIntervalMs?: number;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** A resource whose detectors (an app's NodeSDK: host, process) may still be running. */
interface AsyncResource {
  readonly asyncAttributesPending?: boolean;
  waitForAsyncAttributes?(): Promise<void>;
}
const settling = new WeakSet<object>();

/**
 * Starts settling RESOURCE's async attributes, once: a span serialized before they settle logs
 * an SDK error and lacks them. The periodic flush waits for them; an exit flush cannot.
 */
function settle(resource: AsyncResource): void {
  if (resource.asyncAttributesPending !== true || settling.has(resource)) return;
  settling.add(resource);
  resource.waitForAsyncAttributes?.().catch(() => undefined);
}

/**
 * The embedded flight recorder: sampled spans go to a bounded queue (drops are counted) and are
 * written in batches by an unref'd timer, and synchronously when the process exits — on
 * `process.exit()`, after an uncaught exception, and on SIGTERM/SIGINT (re-raised afterwards
 * when nobody else handles them), so every span that ended before the process died is on disk.
 */
export class RecordingSpanProcessor implements SpanProcessor {
  private _queue: ReadableSpan[] = [];
  private readonly _timer: NodeJS.Timeout;
  private readonly _max: number;
  private readonly _batch: number;
  private _closed = false;
  private _checkpointed: ChainCheckpoint | undefined;
  private _checkpointAtMs = 0;
  // The process is ending: write what is queued and the close line (a recording without one
  // ended abruptly, which `agc verify` says).
  private readonly _onExit = (): void => {
    this.flushSync();
    this._closeWriter();
  };
  private readonly _onSignal = (signal: NodeJS.Signals): void => {
    this.flushSync();
    this._closeWriter();
    this._removeHooks();
    // Without other listeners the default action (termination) must still happen.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };

  constructor(
    private readonly _writer: RecordingWriter,
    private readonly _options: RecordingSpanProcessorOptions = {},
  ) {
    this._max = _options.maxQueueSize ?? 4096;
    this._batch = _options.maxBatchSize ?? 512;
    this._timer = setInterval(() => {
      if (!this._queue.some((s) => (s.resource as AsyncResource).asyncAttributesPending === true))
        this.flushSync();
      this._maybeCheckpoint(false);
    }, _options.flushIntervalMs ?? 200);
    this._timer.unref();
    if (_options.flushOnExit !== false) {
      process.on('exit', this._onExit);
      for (const s of SIGNALS) process.on(s, this._onSignal);
    }
  }

  /** The recording file being written. */
  get path(): string {
    return this._writer.path;
  }

  onStart(_span: Span, _context: Context): void {}

  onEnd(span: ReadableSpan): void {
    try {
      if (this._closed || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
      // Our own checkpoints go out of process only; recording them would chase its own tail.
      if (span.name === CHECKPOINT_SPAN_NAME) return;
      if (this._queue.length >= this._max) {
        this._options.metrics?.recorderSpans('dropped_queue_full', 1);
        return;
      }
      this._queue.push(span);
      settle(span.resource);
      if (this._queue.length >= this._batch) this.flushSync();
    } catch (error) {
      this._options.onError?.(error);
    }
  }

  /** Writes everything queued, now. Never throws. */
  flushSync(): void {
    while (this._queue.length > 0) {
      const batch =
        this._queue.length <= this._batch ? this._queue : this._queue.slice(0, this._batch);
      this._queue = this._queue.length <= this._batch ? [] : this._queue.slice(this._batch);
      try {
        this._writer.write(batch);
        this._options.metrics?.recorderSpans('written', batch.length);
      } catch (error) {
        this._options.metrics?.recorderSpans('dropped_error', batch.length);
        this._options.onError?.(error);
      }
    }
  }

  async forceFlush(): Promise<void> {
    await this._settled();
    this.flushSync();
  }

  async shutdown(): Promise<void> {
    if (this._closed) return;
    await this._settled();
    if (this._closed) return;
    this.flushSync();
    this._closed = true;
    clearInterval(this._timer);
    this._removeHooks();
    this._closeWriter();
  }

  /**
   * Writes what is queued and the close line, and sends the final checkpoint. The runtime calls
   * it before shutting the exporters down, so that checkpoint still leaves the process.
   */
  close(): void {
    if (this._closed) return;
    this.flushSync();
    this._closeWriter();
  }

  private _closeWriter(): void {
    if (this._closed) return;
    this._closed = true;
    try {
      this._writer.close();
    } catch (error) {
      this._options.onError?.(error);
    }
    this._maybeCheckpoint(true);
  }

  /** Sends a checkpoint when the chain advanced and the interval passed (or FORCE). */
  private _maybeCheckpoint(force: boolean): void {
    const checkpoint = this._writer.checkpoint;
    const send = this._options.onCheckpoint;
    if (send === undefined || checkpoint === undefined || checkpoint === this._checkpointed) return;
    const now = Date.now();
    if (!force && now - this._checkpointAtMs < (this._options.checkpointIntervalMs ?? 10_000))
      return;
    this._checkpointed = checkpoint;
    this._checkpointAtMs = now;
    try {
      send(checkpoint);
    } catch (error) {
      this._options.onError?.(error);
    }
  }

  /** Waits (briefly) for queued spans' resources to settle their async attributes. */
  private async _settled(): Promise<void> {
    const pending = new Set<AsyncResource>();
    for (const span of this._queue) {
      const resource = span.resource as AsyncResource;
      if (resource.asyncAttributesPending === true) pending.add(resource);
    }
    if (pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)));
    const settledAll = Promise.all(
      [...pending].map((r) =>
        (r.waitForAsyncAttributes?.() ?? Promise.resolve()).catch(() => undefined),
      ),
    );
    await Promise.race([settledAll, timeout]);
    clearTimeout(timer);
  }

  private _removeHooks(): void {
    process.removeListener('exit', this._onExit);
    for (const s of SIGNALS) process.removeListener(s, this._onSignal);
  }
}
