/**
 * Plain data read from recordings: spans decoded from OTLP/JSON, nothing holding OpenTelemetry
 * SDK objects, so readers work on recorded data alone.
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
