import type { Span } from '@opentelemetry/api';
import { ATTR_AGC_REPLAY_KEY } from '../../conventions/index.js';
import { getGlobalGovernor, replayKey } from '../../processors/index.js';

/** The span ADK opens after a turn's parallel tool calls, summarising their responses. */
export const ADK_MERGED_TOOL_SPAN = 'execute_tool (merged)';
/** The `gen_ai.tool.name` ADK gives that span. */
const MERGED_TOOL_NAME = '(merged tools)';

/**
 * Marks ADK's `execute_tool (merged)` span for deterministic re-execution. ADK gives this
 * aggregate span `gen_ai.operation.name=execute_tool`, so the replay cassette reads it as a tool
 * call and refuses a recording in which it has no replay key. With content capture or replay
 * on, it gets the (constant) key of a call without arguments, and in a re-run it takes its
 * place in the cassette, as the recorded run did, so the steps of later calls stay aligned.
 * It is never served: the span runs no tool. Never throws.
 */
export function markMergedToolSpan(span: Span): void {
  try {
    const governor = getGlobalGovernor();
    if (governor === undefined || (!governor.captureContent && !governor.cassette)) return;
    const key = replayKey({});
    span.setAttribute(ATTR_AGC_REPLAY_KEY, key);
    governor.cassette?.take('tool', MERGED_TOOL_NAME, key);
  } catch {
    // Best effort: without the key only a re-run of this recording is refused, with a reason.
  }
}
