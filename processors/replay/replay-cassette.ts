import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_AGC_POLICY_ENFORCED,
  GEN_AI_OPERATION_EXECUTE_TOOL,
} from '../../conventions/index.js';
import { ATTR_GEN_AI_ARGUMENTS_HASH } from './replay-attributes.js';

/** How a re-run treats calls the recording does not have. */
export type ReplayMode = 'strict' | 'record-missing' | 'passthrough';

/** One recorded tool outcome. */
export interface RecordedToolCall {
  /** Position in the recorded run (0-based, by start time). */
  readonly step: number;
  readonly tool: string;
  readonly argsHash: string;
  /** The recorded result as JSON text, when the call succeeded. */
  readonly result?: string;
  /** The recorded failure, when the tool body failed. */
  readonly error?: { readonly type: string; readonly message: string };
  /** True when the call was blocked by policy (the re-run decides again itself). */
  readonly blocked: boolean;
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
 * The recorded tool outcomes of a run, served back by `govern()` when `AGC_REPLAY` is set.
 * A live call matches a recorded one by (tool name, arguments hash) plus its ordinal among calls
 * with that key, so parallel calls that interleave differently do not falsely diverge.
 */
export class ReplayCassette {
  private readonly _byKey = new Map<string, RecordedToolCall[]>();
  private readonly _used = new Map<string, number>();
  private _liveStep = 0;

  constructor(
    readonly calls: readonly RecordedToolCall[],
    readonly mode: ReplayMode,
  ) {
    for (const call of calls) {
      const key = `${call.tool}\u0000${call.argsHash}`;
      const list = this._byKey.get(key) ?? [];
      list.push(call);
      this._byKey.set(key, list);
    }
  }

  /**
   * Reads the tool calls of recordings (OTLP/JSON lines, `.gz` too).
   *
   * @throws Error naming the file and line of malformed input, or saying the recording has no
   * tool results (recorded without content capture).
   */
  static fromFiles(paths: readonly string[], mode: ReplayMode): ReplayCassette {
    const spans: { start: bigint; span: Span; file: string }[] = [];
    for (const file of paths) {
      const raw = readFileSync(file);
      const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
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
              spans.push({ start: BigInt(span.startTimeUnixNano ?? 0), span, file });
          }
        }
      });
    }
    spans.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const calls: RecordedToolCall[] = [];
    for (const { span } of spans) {
      const a = new Map((span.attributes ?? []).map((x) => [x.key, x.value] as const));
      if (a.get(ATTR_GEN_AI_OPERATION_NAME)?.stringValue !== GEN_AI_OPERATION_EXECUTE_TOOL)
        continue;
      const argsHash = a.get(ATTR_GEN_AI_ARGUMENTS_HASH)?.stringValue;
      const tool = a.get(ATTR_GEN_AI_TOOL_NAME)?.stringValue ?? 'unknown';
      if (argsHash === undefined) {
        throw new Error(
          `${paths.join(', ')}: tool call '${tool}' has no arguments hash: record with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true to replay`,
        );
      }
      const blocked = a.get(ATTR_AGC_POLICY_ENFORCED)?.boolValue === true;
      const failed = span.status?.code === 2 && !blocked;
      const result = a.get(ATTR_GEN_AI_TOOL_CALL_RESULT)?.stringValue;
      calls.push({
        step: calls.length,
        tool,
        argsHash,
        blocked,
        ...(failed && {
          error: {
            type: a.get(ATTR_ERROR_TYPE)?.stringValue ?? 'Error',
            message: span.status?.message ?? '',
          },
        }),
        ...(!failed && result !== undefined && { result }),
      });
    }
    return new ReplayCassette(calls, mode);
  }

  /**
   * The recorded outcome for a live call, or a description of the divergence. Advances the
   * ordinal of the call's key and the live step counter.
   */
  take(
    tool: string,
    argsHash: string,
  ): { step: number; recorded?: RecordedToolCall; expected?: RecordedToolCall } {
    const step = this._liveStep++;
    const key = `${tool}\u0000${argsHash}`;
    const ordinal = this._used.get(key) ?? 0;
    this._used.set(key, ordinal + 1);
    const recorded = this._byKey.get(key)?.[ordinal];
    if (recorded !== undefined) return { step, recorded };
    const expected = this.calls[step];
    return expected !== undefined ? { step, expected } : { step };
  }
}
