import type { Decision, DecisionSource } from '../conventions/index.js';
import type { RecordedSpan, SourceRef } from '../recording/index.js';

// The recorded data itself is defined by recording/; replay/ builds on it.
export type {
  AttributeValue,
  Attributes,
  ReadProblem,
  ReadStats,
  RecordedEvent,
  RecordedSpan,
  SourceRef,
  StatusCode,
} from '../recording/index.js';

/**
 * Plain data read from recordings. Everything here is a record of what was written, decoded from
 * OTLP/JSON; nothing holds OpenTelemetry SDK objects, so `replay/` stays usable on recorded data
 * alone.
 */

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
