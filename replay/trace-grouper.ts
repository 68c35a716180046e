import type { SpanBatch } from '../recording/recording-reader.js';
import type { RecordedSpan, RecordedTrace } from './types.js';

/** Options of {@link TraceGrouper} and {@link groupTraces}. */
export interface GroupTracesOptions {
  /**
   * Lines read after a trace's root span (and its last span) before the trace is emitted. Roots
   * end last, so their spans are written last; the margin catches children that outlived them.
   * @default 16
   */
  readonly settleLines?: number;
  /** Lines without a new span after which a trace with no root seen is emitted anyway. @default 4096 */
  readonly idleLines?: number;
  /**
   * Spans held at most; past it the least recently extended trace is emitted early (its
   * `complete` is false). This is what bounds memory. @default 50_000
   */
  readonly maxBufferedSpans?: number;
}

interface Pending {
  readonly traceId: string;
  readonly spans: RecordedSpan[];
  last: number;
  rooted: boolean;
}

/**
 * Groups a stream of span batches (one per recording line) into traces, holding only the traces
 * still being written. A trace may span many lines and interleave with others; a trace is
 * emitted once its root span has been read and {@link GroupTracesOptions.settleLines} more lines
 * passed without a span of it, or when it has been idle for `idleLines`, or to keep the buffer
 * under `maxBufferedSpans`. Spans of an already emitted trace start a new group with the same id.
 */
export class TraceGrouper {
  private readonly _open = new Map<string, Pending>();
  private readonly _rooted = new Map<string, Pending>();
  private _tick = 0;
  private _buffered = 0;
  private readonly _settle: number;
  private readonly _idle: number;
  private readonly _max: number;

  constructor(options: GroupTracesOptions = {}) {
    this._settle = options.settleLines ?? 16;
    this._idle = options.idleLines ?? 4096;
    this._max = options.maxBufferedSpans ?? 50_000;
  }

  /** Spans currently held. */
  get buffered(): number {
    return this._buffered;
  }

  /** Adds one line's spans; returns the traces that became ready. */
  add(spans: readonly RecordedSpan[]): RecordedTrace[] {
    const tick = ++this._tick;
    for (const span of spans) {
      const id = span.traceId;
      let pending = this._rooted.get(id) ?? this._open.get(id);
      if (pending === undefined) {
        pending = { traceId: id, spans: [], last: tick, rooted: false };
        this._open.set(id, pending);
      } else if (pending.last !== tick) {
        // Re-insert so each map stays ordered by last activity (oldest first).
        pending.last = tick;
        const map = pending.rooted ? this._rooted : this._open;
        map.delete(id);
        map.set(id, pending);
      }
      pending.spans.push(span);
      this._buffered++;
      if (!pending.rooted && span.parentSpanId === undefined) {
        pending.rooted = true;
        this._open.delete(id);
        this._rooted.set(id, pending);
      }
    }
    const ready: RecordedTrace[] = [];
    this._drain(this._rooted, tick - this._settle, ready);
    this._drain(this._open, tick - this._idle, ready);
    while (this._buffered > this._max) {
      const a = first(this._rooted);
      const b = first(this._open);
      const oldest = a === undefined ? b : b === undefined || a.last <= b.last ? a : b;
      if (oldest === undefined) break;
      ready.push(this._emit(oldest, false));
    }
    return ready;
  }

  /** Emits every trace still held (end of input), oldest activity first. */
  end(): RecordedTrace[] {
    const all = [...this._rooted.values(), ...this._open.values()].sort((a, b) => a.last - b.last);
    return all.map((p) => this._emit(p, p.rooted));
  }

  private _drain(map: Map<string, Pending>, before: number, out: RecordedTrace[]): void {
    for (const pending of map.values()) {
      if (pending.last > before) break;
      out.push(this._emit(pending, pending.rooted));
    }
  }

  private _emit(pending: Pending, complete: boolean): RecordedTrace {
    (pending.rooted ? this._rooted : this._open).delete(pending.traceId);
    this._buffered -= pending.spans.length;
    return { traceId: pending.traceId, spans: pending.spans, complete };
  }
}

function first<V>(map: Map<string, V>): V | undefined {
  for (const value of map.values()) return value;
  return undefined;
}

/** Groups BATCHES into traces as they complete (see {@link TraceGrouper}). */
export async function* groupTraces(
  batches: AsyncIterable<SpanBatch>,
  options: GroupTracesOptions = {},
): AsyncGenerator<RecordedTrace> {
  const grouper = new TraceGrouper(options);
  for await (const batch of batches) yield* grouper.add(batch.spans);
  yield* grouper.end();
}
