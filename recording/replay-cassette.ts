import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  ATTR_AGC_POLICY_DECISION,
  ATTR_AGC_POLICY_ENFORCED,
  ATTR_AGC_REPLAY_KEY,
  ATTR_AGC_REPLAY_MISSING,
  ATTR_AGC_REPLAY_RESPONSE,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_ARGUMENTS_HASH,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  GEN_AI_OPERATION_EXECUTE_TOOL,
} from '../conventions/index.js';

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
  /** The match key: `agc.replay.key`, else (older recordings, tools) the arguments hash. */
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

type AnyValue = { stringValue?: string; boolValue?: boolean };
type Span = {
  name?: string;
  startTimeUnixNano?: string | number;
  attributes?: { key: string; value?: AnyValue }[];
  status?: { code?: number; message?: string };
};
type Request = { resourceSpans?: { scopeSpans?: { spans?: Span[] }[] }[] };

/**
 * The recorded call outcomes of a run, served back when `AGC_REPLAY` is set: tool results and
 * failures by `govern()`, model responses by the framework instrumentations. A live call matches
 * a recorded one by (kind, name, key) plus its ordinal among calls with that triple, so parallel
 * calls that interleave differently do not falsely diverge.
 */
export class ReplayCassette {
  /**
   * True when some recorded tool call has no `agc.replay.key` (recorded before it existed): live
   * tool calls are then keyed by the raw arguments hash, as those were.
   */
  readonly legacyToolKeys: boolean;
  private readonly _byKey = new Map<string, RecordedCall[]>();
  private readonly _used = new Map<string, number>();
  private _liveStep = 0;

  constructor(
    readonly calls: readonly RecordedCall[],
    readonly mode: ReplayMode,
    options: { legacyToolKeys?: boolean } = {},
  ) {
    this.legacyToolKeys = options.legacyToolKeys ?? false;
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
    const spans: { start: bigint; span: Span }[] = [];
    for (const file of paths.flatMap(recordingFilesOf)) {
      const raw = readFileSync(file);
      const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
      const text = (gzip ? gunzipSync(raw) : raw).toString('utf8');
      text.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        let request: Request;
        try {
          request = JSON.parse(line) as Request;
        } catch {
          throw new Error(`${file}:${i + 1}: not an OTLP/JSON line`);
        }
        for (const rs of request.resourceSpans ?? []) {
          for (const ss of rs.scopeSpans ?? []) {
            for (const span of ss.spans ?? [])
              spans.push({ start: BigInt(span.startTimeUnixNano ?? 0), span });
          }
        }
      });
    }
    spans.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const calls: RecordedCall[] = [];
    let legacyToolKeys = false;
    for (const { span } of spans) {
      const a = new Map((span.attributes ?? []).map((x) => [x.key, x.value] as const));
      const isTool =
        a.get(ATTR_GEN_AI_OPERATION_NAME)?.stringValue === GEN_AI_OPERATION_EXECUTE_TOOL;
      const replayKey = a.get(ATTR_AGC_REPLAY_KEY)?.stringValue;
      // A call a passthrough re-run let through has no recorded outcome: nothing to serve.
      if (a.get(ATTR_AGC_REPLAY_MISSING)?.boolValue === true && !hasOutcome(span, a)) continue;
      if (!isTool) {
        // A model call of ours carries a replay key; other spans are not calls to serve.
        if (replayKey === undefined) continue;
        calls.push(
          recordedCall(calls.length, 'model', span, a, replayKey, ATTR_AGC_REPLAY_RESPONSE),
        );
        continue;
      }
      // Only calls that went through govern() (they carry a decision) are served again: a
      // framework's own aggregate span (ADK's `execute_tool (merged)`) never reaches govern().
      if (a.get(ATTR_AGC_POLICY_DECISION) === undefined) continue;
      const tool = a.get(ATTR_GEN_AI_TOOL_NAME)?.stringValue ?? 'unknown';
      const key = replayKey ?? a.get(ATTR_GEN_AI_ARGUMENTS_HASH)?.stringValue;
      if (key === undefined) {
        throw new Error(
          `${paths.join(', ')}: tool call '${tool}' has no replay key: record with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true to replay`,
        );
      }
      if (replayKey === undefined) legacyToolKeys = true;
      calls.push(recordedCall(calls.length, 'tool', span, a, key, ATTR_GEN_AI_TOOL_CALL_RESULT));
    }
    return new ReplayCassette(calls, mode, { legacyToolKeys });
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

const RECORDING_FILE = /\.(jsonl|json|ndjson)(\.gz)?$/;

/** PATH itself, or the recording files in folder PATH (sorted by name). */
function recordingFilesOf(path: string): string[] {
  let folder: boolean;
  try {
    folder = statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or folder' : (code ?? String(error));
    throw new Error(`AGC_REPLAY: ${path}: ${why}`, { cause: error });
  }
  if (!folder) return [path];
  const files = readdirSync(path)
    .filter((name) => RECORDING_FILE.test(name))
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0)
    throw new Error(`AGC_REPLAY: ${path}: folder holds no recordings (*.jsonl)`);
  return files;
}

/** A failure, a tool result or a model response was recorded for the span. */
function hasOutcome(span: Span, a: Map<string, AnyValue | undefined>): boolean {
  return (
    span.status?.code === 2 ||
    a.get(ATTR_GEN_AI_TOOL_CALL_RESULT) !== undefined ||
    a.get(ATTR_AGC_REPLAY_RESPONSE) !== undefined
  );
}

function matchKey(kind: RecordedCallKind, name: string, key: string): string {
  return `${kind}\u0000${name}\u0000${key}`;
}

function recordedCall(
  step: number,
  kind: RecordedCallKind,
  span: Span,
  a: Map<string, AnyValue | undefined>,
  key: string,
  valueAttribute: string,
): RecordedCall {
  const blocked = kind === 'tool' && a.get(ATTR_AGC_POLICY_ENFORCED)?.boolValue === true;
  const failed = span.status?.code === 2 && !blocked;
  const value = a.get(valueAttribute)?.stringValue;
  const name =
    kind === 'tool'
      ? (a.get(ATTR_GEN_AI_TOOL_NAME)?.stringValue ?? 'unknown')
      : (a.get(ATTR_GEN_AI_REQUEST_MODEL)?.stringValue ?? 'unknown');
  return {
    step,
    kind,
    name,
    key,
    blocked,
    ...(failed && {
      error: {
        type: a.get(ATTR_ERROR_TYPE)?.stringValue ?? 'Error',
        message: span.status?.message ?? '',
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
