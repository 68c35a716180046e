import {
  ATTR_AGC_POLICY_DECISION,
  ATTR_AGC_POLICY_ENFORCED,
  ATTR_AGC_REPLAY_KEY,
  ATTR_AGC_REPLAY_MISSING,
  ATTR_AGC_REPLAY_RESPONSE,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  GEN_AI_OPERATION_EXECUTE_TOOL,
} from '../conventions/index.js';
import { readRecordingSync } from './read-recording-sync.js';
import { RecordingReadError } from './recording-read-error.js';
import type { Attributes, RecordedSpan } from './types.js';

/** How a re-run treats calls the recording does not have. */
export type ReplayMode = 'strict' | 'record-missing' | 'passthrough';

/** What a recorded call was: a governed tool call, or a model call. */
export type RecordedCallKind = 'tool' | 'model';

/** One recorded call outcome: a tool's result or failure, or a model's response. */
export interface RecordedCall {
  /** Position in the recorded run (0-based, by start time, tool and model calls together). */
  readonly step: number;
  readonly kind: RecordedCallKind;
  /** The tool name, or the requested model. */
  readonly name: string;
  /** The match key: `agc.replay.key`. */
  readonly key: string;
  /** The recorded value as JSON text: the tool's result, or the model's response. */
  readonly value?: string;
  /** The recorded failure, when the tool or model call failed. */
  readonly error?: { readonly type: string; readonly message: string };
  /** True when the tool call was blocked by policy (the re-run decides again itself). */
  readonly blocked: boolean;
  /** Why the call succeeded but cannot be served (a model call whose response was not recorded). */
  readonly unservable?: string;
}

/** The outcome of {@link ReplayCassette.take}. */
export interface CassetteMatch {
  /** The live call's position (0-based, tool and model calls together). */
  readonly step: number;
  /** The recorded call that matches (same kind, name and key, same ordinal among those). */
  readonly recorded?: RecordedCall;
  /** When nothing matches: what the recording has at this position, if anything. */
  readonly expected?: RecordedCall;
}

/**
 * The recorded call outcomes of a run, served back when `AGC_REPLAY` is set: tool results and
 * failures by `govern()`, model responses by the framework instrumentations. A live call matches
 * a recorded one by (kind, name, key) plus its ordinal among calls with that triple, so parallel
 * calls that interleave differently do not falsely diverge.
 */
export class ReplayCassette {
  private readonly _byKey = new Map<string, RecordedCall[]>();
  private readonly _used = new Map<string, number>();
  private _liveStep = 0;

  constructor(
    readonly calls: readonly RecordedCall[],
    readonly mode: ReplayMode,
  ) {
    for (const call of calls) {
      const key = matchKey(call.kind, call.name, call.key);
      const list = this._byKey.get(key) ?? [];
      list.push(call);
      this._byKey.set(key, list);
    }
  }

  /**
   * Reads the tool and model calls of recordings (OTLP/JSON lines, `.gz` too): files, or folders
   * of them (their `*.jsonl`, `*.json`, `*.ndjson`, optionally `.gz`). File order does not
   * matter: calls are ordered by start time.
   *
   * @throws Error naming the file and line of malformed input, or saying the recording has no
   * replay keys (recorded without content capture).
   */
  static fromFiles(paths: readonly string[], mode: ReplayMode): ReplayCassette {
    let spans: RecordedSpan[];
    try {
      spans = readRecordingSync(paths);
    } catch (error) {
      if (error instanceof RecordingReadError)
        throw new Error(`AGC_REPLAY: ${error.message}`, { cause: error });
      throw error;
    }
    // Stable: spans that start in the same millisecond keep their recorded order.
    spans.sort((x, y) => x.startMs - y.startMs);
    const calls: RecordedCall[] = [];
    for (const span of spans) {
      const a = span.attributes;
      const isTool = a[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION_EXECUTE_TOOL;
      const replayKey = stringOf(a[ATTR_AGC_REPLAY_KEY]);
      // A call a passthrough re-run let through has no recorded outcome: nothing to serve.
      if (a[ATTR_AGC_REPLAY_MISSING] === true && !hasOutcome(span)) continue;
      if (!isTool) {
        // A model call of ours carries a replay key; other spans are not calls to serve.
        if (replayKey === undefined) continue;
        calls.push(recordedCall(calls.length, 'model', span, replayKey, ATTR_AGC_REPLAY_RESPONSE));
        continue;
      }
      // Only calls that went through govern() (they carry a decision) are served again: a
      // framework's own aggregate span (ADK's `execute_tool (merged)`) never reaches govern().
      if (a[ATTR_AGC_POLICY_DECISION] === undefined) continue;
      if (replayKey === undefined) {
        const tool = stringOf(a[ATTR_GEN_AI_TOOL_NAME]) ?? 'unknown';
        throw new Error(
          `AGC_REPLAY: ${span.origin.file}:${span.origin.line}: tool call '${tool}' has no replay key: record with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true to replay`,
        );
      }
      calls.push(recordedCall(calls.length, 'tool', span, replayKey, ATTR_GEN_AI_TOOL_CALL_RESULT));
    }
    return new ReplayCassette(calls, mode);
  }

  /**
   * The recorded outcome for a live call, or what the recording has at its position instead.
   * Advances the ordinal of the call's (kind, name, key) and the live step counter.
   */
  take(kind: RecordedCallKind, name: string, key: string): CassetteMatch {
    const step = this._liveStep++;
    const k = matchKey(kind, name, key);
    const ordinal = this._used.get(k) ?? 0;
    this._used.set(k, ordinal + 1);
    const recorded = this._byKey.get(k)?.[ordinal];
    if (recorded !== undefined) return { step, recorded };
    const expected = this.calls[step];
    return expected !== undefined ? { step, expected } : { step };
  }
}

/** A failure, a tool result or a model response was recorded for the span. */
function hasOutcome(span: RecordedSpan): boolean {
  return (
    span.status.code === 2 ||
    span.attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] !== undefined ||
    span.attributes[ATTR_AGC_REPLAY_RESPONSE] !== undefined
  );
}

function stringOf(value: Attributes[string] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function matchKey(kind: RecordedCallKind, name: string, key: string): string {
  return `${kind}\u0000${name}\u0000${key}`;
}

function recordedCall(
  step: number,
  kind: RecordedCallKind,
  span: RecordedSpan,
  key: string,
  valueAttribute: string,
): RecordedCall {
  const a = span.attributes;
  const blocked = kind === 'tool' && a[ATTR_AGC_POLICY_ENFORCED] === true;
  const failed = span.status.code === 2 && !blocked;
  const value = stringOf(a[valueAttribute]);
  const name =
    kind === 'tool'
      ? (stringOf(a[ATTR_GEN_AI_TOOL_NAME]) ?? 'unknown')
      : (stringOf(a[ATTR_GEN_AI_REQUEST_MODEL]) ?? 'unknown');
  return {
    step,
    kind,
    name,
    key,
    blocked,
    ...(failed && {
      error: {
        type: stringOf(a[ATTR_ERROR_TYPE]) ?? 'Error',
        message: span.status.message ?? '',
      },
    }),
    ...(!failed && value !== undefined && { value }),
    // A tool may return nothing; a model always answers something.
    ...(!failed &&
      kind === 'model' &&
      value === undefined && {
        unservable: 'its response was not recorded (content capture off, or recording it failed)',
      }),
  };
}
