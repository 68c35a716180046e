import type { AgentRef } from '../policy/index.js';
import type { GovernedCall } from './govern.js';

/**
 * An AI SDK-shaped tool as the patch sees it (structural: no framework types in our API): the AI
 * SDK's own tools, and Mastra's converted tools, which take the same shape.
 */
interface ToolLike {
  readonly description?: unknown;
  readonly execute?: (input: unknown, options?: { readonly toolCallId?: unknown }) => unknown;
}

/**
 * Runs one tool execution through the instrumentation's dispatch; TOOL and CALL_ID name the call
 * (to find the SDK's own `execute_tool` span).
 */
export type ToolDispatch = (
  call: () => GovernedCall | undefined,
  run: () => unknown,
  tool: string,
  callId: string | undefined,
) => unknown;

// Marks tools whose execute is already governed, so no layer wraps them twice.
const GOVERNED = Symbol.for('@agc/otel.ai-sdk.governed-tool');

/**
 * A copy of the AI SDK `tools` map whose `execute` functions go through DISPATCH (the map key
 * is the tool name the model used; the SDK passes `toolCallId` to `execute`). Tools without
 * `execute` (provider-executed, client-side) and already governed tools are kept as they are;
 * the caller's map and tools are not modified.
 */
export function governTools(tools: unknown, dispatch: ToolDispatch, agent?: AgentRef): unknown {
  if (typeof tools !== 'object' || tools === null) return tools;
  const governed: Record<string, unknown> = {};
  let changed = false;
  for (const [name, value] of Object.entries(tools as Record<string, unknown>)) {
    const tool = value as ToolLike | undefined;
    const execute = tool?.execute;
    if (typeof execute !== 'function' || (tool as Record<symbol, unknown>)[GOVERNED] === true) {
      governed[name] = value;
      continue;
    }
    changed = true;
    governed[name] = {
      ...tool,
      [GOVERNED]: true,
      execute: (input: unknown, options?: { readonly toolCallId?: unknown }) => {
        const callId = typeof options?.toolCallId === 'string' ? options.toolCallId : undefined;
        return dispatch(
          () => ({
            tool: name,
            args: isRecord(input) ? input : input === undefined ? undefined : { input },
            callId,
            agent,
            description: typeof tool?.description === 'string' ? tool.description : undefined,
          }),
          () => execute.call(tool, input, options),
          name,
          callId,
        );
      },
    };
  }
  return changed ? governed : tools;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
