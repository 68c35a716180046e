import type { Decision, DecisionSource } from '../conventions/index.js';

/**
 * Plain data read from recordings. Everything here is a record of what was written, decoded from
 * OTLP/JSON; nothing holds OpenTelemetry SDK objects, so `replay/` stays usable on recorded data
 * alone.
 */

/** A decoded OTLP attribute value (`kvlistValue` becomes an object, `bytesValue` base64 text). */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue };

/** Decoded attributes, keyed by name (a plain object; a `__proto__` key is kept as data). */
export type Attributes = Readonly<Record<string, AttributeValue>>;

/** Where a span, a step or a problem came from in the input. */
export interface SourceRef {
  /** The file as given (or found in a given folder). */
  readonly file: string;
  /** 1-based line of the OTLP/JSON request holding it. */
  readonly line: number;
}

/** One span event (e.g. `agc.policy.denied`, `agc.anomaly`). */
export interface RecordedEvent {
  readonly name: string;
  /** Epoch milliseconds. */
  readonly timeMs: number;
  readonly attributes: Attributes;
}

/** Status codes as OTLP writes them: 0 unset, 1 ok, 2 error. */
export type StatusCode = 0 | 1 | 2;

/** One span as recorded, with ids in lower-case hex and times in epoch milliseconds. */
export interface RecordedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent for a root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  /** OTLP span kind (0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer). */
  readonly kind: number;
  /** Start, epoch ms (fractional; nanoseconds kept to double precision). */
  readonly startMs: number;
  /** End, epoch ms. */
  readonly endMs: number;
  /** End minus start, computed from the nanosecond strings without rounding, ms. */
  readonly durationMs: number;
  readonly status: { readonly code: StatusCode; readonly message?: string };
  readonly attributes: Attributes;
  readonly events: readonly RecordedEvent[];
  /** `service.name` of the span's resource, when set. */
  readonly service?: string;
  /** Instrumentation scope name, when set. */
  readonly scope?: string;
  /** Where the span was read. */
  readonly origin: SourceRef;
}

/** The spans of one trace, as grouped by {@link groupTraces}. */
export interface RecordedTrace {
  readonly traceId: string;
  /** Spans in the order read. */
  readonly spans: readonly RecordedSpan[];
  /**
   * False when the trace was flushed before it looked finished (no root span seen yet, or the
   * span buffer was full); more of its spans may follow as another group with the same id.
   */
  readonly complete: boolean;
}

/** What kind of work a span stands for, for the run tree. */
export type SpanRole = 'agent' | 'model' | 'tool' | 'other';

/** One `agc.anomaly` finding recorded on a tool span. */
export interface RecordedAnomaly {
  readonly detector: string;
  readonly score?: number;
  readonly severity?: string;
  readonly reason?: string;
  /** `record` or `quarantine`, when recorded. */
  readonly action?: string;
  readonly timeMs: number;
}

/** The chaos fault recorded on a tool span (`agc.chaos.*`). */
export interface RecordedChaos {
  readonly experiment?: string;
  readonly fault: string;
  /** latency | error | timeout. */
  readonly kind: string;
  readonly delayMs?: number;
}

/** One governed tool call, read from its `execute_tool` span. */
export interface ToolStep {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly durationMs: number;
  readonly agentId: string;
  readonly agentName?: string;
  readonly tool: string;
  readonly callId?: string;
  /** Recorded arguments (redacted JSON text), when content capture was on. */
  readonly args?: string;
  /** Recorded arguments hash (`sha256:...`), when recorded. */
  readonly argsHash?: string;
  /** Replay key (`agc.replay.key`: hash of the redacted arguments), when recorded. */
  readonly replayKey?: string;
  /** Recorded result (redacted JSON text), when content capture was on and the call returned. */
  readonly result?: string;
  readonly decision: Decision;
  readonly source: DecisionSource;
  readonly rule?: string;
  readonly policyId?: string;
  readonly reason?: string;
  readonly mode?: string;
  /** The call was blocked (deny in enforce mode): the tool did not run. */
  readonly blocked: boolean;
  /** The tool ran and failed. */
  readonly error: boolean;
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly costUsd?: number;
  readonly anomalies: readonly RecordedAnomaly[];
  readonly chaos?: RecordedChaos;
  /** The result was served from a recording (`agc.replay.served`). */
  readonly replayed?: boolean;
  /** Where the span was read. */
  readonly origin: SourceRef;
}

/** One model call (a `chat`-like span, or any span with `gen_ai.request.model`). */
export interface ModelCall {
  readonly operation?: string;
  readonly model?: string;
  readonly provider?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly costUsd?: number;
  /** The response was served from a recording (`agc.replay.served`), not asked of the model. */
  readonly replayed?: boolean;
}

/** One node of a run tree. */
export interface RunNode {
  readonly span: RecordedSpan;
  readonly role: SpanRole;
  /** Agent id or name on agent spans. */
  readonly agent?: string;
  /** Set on tool nodes. */
  readonly step?: ToolStep;
  /** Set on model nodes. */
  readonly model?: ModelCall;
  readonly children: readonly RunNode[];
}

/** The spans of one trace arranged by parent, children in start order. */
export interface RunTree {
  readonly traceId: string;
  /** Roots in start order; spans whose parent is not in the trace are roots too. */
  readonly roots: readonly RunNode[];
  readonly complete: boolean;
  readonly startMs: number;
  readonly endMs: number;
  readonly spanCount: number;
}

/** One line of input that could not be read as OTLP/JSON traces. */
export interface ReadProblem extends SourceRef {
  readonly message: string;
}

/** Counters kept while reading. */
export interface ReadStats {
  /** Files to read. */
  files: number;
  /** Bytes read from disk (compressed bytes for `.gz`). */
  bytesRead: number;
  /** Total size of the files on disk. */
  totalBytes: number;
  /** Non-blank lines read. */
  lines: number;
  /** Spans decoded. */
  spans: number;
  /** Lines that were valid OTLP/JSON but not traces (metrics, logs). */
  ignored: number;
  /** Malformed lines (skipped when `onMalformed` is `skip`). */
  malformed: number;
  /** The first malformed lines (at most `maxProblems`). */
  readonly problems: ReadProblem[];
}
