import type { AgentRef } from '../../policy/index.js';
import { AgcInstrumentation } from '../agc-instrumentation.js';
import type { AgcInstrumentationConfig } from '../agc-instrumentation.js';
import { governTools } from '../govern-tools.js';
import type { GovernedCall } from '../govern.js';
import { moduleDefinition } from '../patch-target.js';
import { MASTRA_AGENT } from './targets.js';

/** Options of {@link MastraInstrumentation}. */
export type MastraInstrumentationConfig = AgcInstrumentationConfig;

type ConvertTools = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/**
 * Governs every tool a Mastra `Agent` (`@mastra/core` 1.x) executes: `Agent.prototype.convertTools`
 * is the one place an agent assembles its executable tools for a run (`generate`, `stream`,
 * durable agents through `getToolsForExecution`, sub-agents), after Mastra has built each into an
 * AI SDK–shaped tool (`execute(args, { toolCallId, ... })`). Each `execute` of that map runs
 * inside an `execute_tool` span; the tool name is the map key the model calls, the agent is the
 * `Agent`'s own `id` and `name`. Governance is the outermost layer: it runs before the agent's
 * `beforeToolCall` hooks and Mastra's input validation.
 *
 * A deny is thrown from `execute`; Mastra's tool-call step reports any thrown tool error to the
 * model as a `tool-error` (its own failed-tool shape) and the loop goes on. `throwOnDeny`
 * changes nothing here: Mastra never lets a tool error escape the loop.
 *
 * Mastra bundles its own AI SDK copies, so the `ai` instrumentation never sees these calls and
 * there is one span per call. Not covered: tools a `prepareStep` / `processInputStep` returns in
 * the middle of a run as new `createTool()` tools (Mastra converts those inside its loop), and
 * tools executed outside an agent (workflow steps, MCP servers — see the MCP instrumentation).
 */
export class MastraInstrumentation extends AgcInstrumentation<MastraInstrumentationConfig> {
  constructor(config: MastraInstrumentationConfig = {}) {
    super('mastra', config);
  }

  protected init() {
    return moduleDefinition(MASTRA_AGENT, (exports) => this._patchAgent(exports));
  }

  private _patchAgent(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'Agent');
    if (proto === undefined) return exports;
    this._patchMethod(proto, 'convertTools', (original) => {
      const convertTools = original as ConvertTools;
      const govern = (agent: unknown, tools: unknown): unknown => this._governTools(agent, tools);
      return async function governedConvertTools(this: unknown, ...args: unknown[]) {
        return govern(this, await convertTools.apply(this, args));
      };
    });
    return exports;
  }

  /** TOOLS with their `execute` governed; TOOLS unchanged when disabled or on any failure. */
  private _governTools(agent: unknown, tools: unknown): unknown {
    if (!this.isEnabled()) return tools;
    try {
      const dispatch = (call: () => GovernedCall | undefined, run: () => unknown) =>
        this._dispatch(call, run);
      return governTools(tools, dispatch, agentOf(agent));
    } catch (error) {
      this._warnOnce('mastra tools', error);
      return tools;
    }
  }
}

/** The Mastra `Agent`'s own identity: its `id` (which defaults to its `name`) and `name`. */
function agentOf(agent: unknown): AgentRef | undefined {
  const { id, name } = (agent ?? {}) as { id?: unknown; name?: unknown };
  const agentId = typeof id === 'string' && id !== '' ? id : name;
  if (typeof agentId !== 'string' || agentId === '') return undefined;
  return typeof name === 'string' && name !== '' ? { id: agentId, name } : { id: agentId };
}
