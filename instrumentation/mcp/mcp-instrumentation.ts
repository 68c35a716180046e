import { context, trace } from '@opentelemetry/api';
import { GEN_AI_TOOL_TYPE_EXTENSION } from '../../conventions/index.js';
import { AgcInstrumentation } from '../agc-instrumentation.js';
import type { AgcInstrumentationConfig } from '../agc-instrumentation.js';
import type { GovernedCall } from '../govern.js';
import { moduleDefinition } from '../patch-target.js';
import type { PolicyDeniedError } from '../policy-denied-error.js';
import { hookCommonJsFiles } from './cjs-hook.js';
import type { RequireHook } from './cjs-hook.js';
import { MCP_CLIENT, MCP_SERVER } from './targets.js';
import { contextFromMeta, withTraceMeta } from './trace-meta.js';

/** Options of {@link McpInstrumentation}. */
export type McpInstrumentationConfig = AgcInstrumentationConfig;

interface CallToolParams {
  readonly name?: unknown;
  readonly arguments?: unknown;
  readonly _meta?: unknown;
}

interface ServerExtra {
  readonly requestId?: unknown;
  readonly _meta?: unknown;
}

interface McpServerLike {
  readonly _registeredTools?: Record<string, unknown>;
  readonly server?: { getClientVersion?: () => { name?: unknown } | undefined };
}

type CallTool = (this: unknown, params: unknown, ...rest: unknown[]) => Promise<unknown>;
type ExecuteToolHandler = (this: unknown, tool: unknown, args: unknown, extra: unknown) => unknown;

/** require-in-the-middle names of the CommonJS files (see {@link hookCommonJsFiles}). */
const CJS_CLIENT = '@modelcontextprotocol/sdk/dist/cjs/client';
const CJS_SERVER = '@modelcontextprotocol/sdk/dist/cjs/server/mcp';

/**
 * Governs MCP tool calls on both sides of the TypeScript SDK v1 (`@modelcontextprotocol/sdk`):
 * `Client.prototype.callTool` (tool type `extension`; the trace context goes to the server in
 * `params._meta`) and `McpServer.prototype.executeToolHandler` (the tool handler runs in the
 * context carried by the request's `_meta`, so the server span continues the client's trace;
 * the agent is the client's implementation name from `initialize`; the call id is the JSON-RPC
 * request id).
 *
 * A deny answers with MCP's tool error result (`{ isError: true, content: [{ type: 'text' }] }`)
 * on either side; `throwOnDeny` makes the client throw instead (a server turns any tool error
 * into that result itself). A call already governed in this process (a LangChain tool calling
 * `callTool`, or a client and server in one process) gets no second span or decision.
 */
export class McpInstrumentation extends AgcInstrumentation<McpInstrumentationConfig> {
  declare private _cjsHook: RequireHook | undefined;
  // Span ids of client calls in flight in this process: their server side is not governed again.
  declare private _clientSpans: Set<string> | undefined;
  declare private _toolNames: WeakMap<object, string> | undefined;

  constructor(config: McpInstrumentationConfig = {}) {
    super('mcp', config);
  }

  protected init() {
    return [
      moduleDefinition(MCP_CLIENT, (exports) => this._patchClient(exports)),
      moduleDefinition(MCP_SERVER, (exports) => this._patchServer(exports)),
    ];
  }

  override enable(): void {
    super.enable();
    // The shared hook cannot see the CommonJS build (its root export is missing): hook its files.
    this._cjsHook ??= hookCommonJsFiles([CJS_CLIENT, CJS_SERVER], (exports, name) =>
      name === CJS_CLIENT ? this._patchClient(exports) : this._patchServer(exports),
    );
  }

  override disable(): void {
    this._cjsHook?.unhook();
    this._cjsHook = undefined;
    super.disable();
  }

  private _patchClient(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'Client');
    if (proto === undefined) return exports;
    this._patchMethod(proto, 'callTool', (original) => {
      const callTool = original as CallTool;
      const call = (client: unknown, params: unknown, rest: unknown[]): Promise<unknown> =>
        this._dispatch(
          () => describeClientCall(params as CallToolParams | undefined),
          () => this._sendCall(callTool, client, params, rest),
          (denied) => Promise.resolve(toolError(denied)),
        );
      return function governedCallTool(this: unknown, params: unknown, ...rest: unknown[]) {
        return call(this, params, rest);
      };
    });
    return exports;
  }

  /** Sends the call with the trace context in `_meta`, remembering it while it is in flight. */
  private _sendCall(
    callTool: CallTool,
    client: unknown,
    params: unknown,
    rest: unknown[],
  ): Promise<unknown> {
    if (!this.isEnabled()) return callTool.call(client, params, ...rest);
    const spanId = trace.getActiveSpan()?.spanContext().spanId;
    let sent = params;
    try {
      sent = withTraceMeta(params);
      if (spanId !== undefined) (this._clientSpans ??= new Set()).add(spanId);
    } catch (error) {
      this._warnOnce('mcp trace context', error);
    }
    const forget = (): void => {
      if (spanId !== undefined) this._clientSpans?.delete(spanId);
    };
    return callTool.call(client, sent, ...rest).finally(forget);
  }

  private _patchServer(exports: unknown): unknown {
    const proto = this._prototypeOf(exports, 'McpServer');
    if (proto === undefined) return exports;
    this._patchMethod(proto, 'executeToolHandler', (original) => {
      const execute = original as ExecuteToolHandler;
      const handle = (server: unknown, tool: unknown, args: unknown, extra: unknown): unknown => {
        const run = () => execute.call(server, tool, args, extra);
        if (!this.isEnabled()) return run();
        let parent = context.active();
        try {
          parent = contextFromMeta((extra as ServerExtra | undefined)?._meta);
        } catch (error) {
          this._warnOnce('mcp trace context', error);
        }
        return context.with(parent, () =>
          this._dispatch(
            () => this._describeServerCall(server as McpServerLike, tool, args, extra),
            run,
            (denied) => Promise.resolve(toolError(denied)),
          ),
        );
      };
      return function governedToolHandler(
        this: unknown,
        tool: unknown,
        args: unknown,
        extra: unknown,
      ) {
        return handle(this, tool, args, extra);
      };
    });
    return exports;
  }

  private _describeServerCall(
    server: McpServerLike,
    tool: unknown,
    args: unknown,
    extra: unknown,
  ): GovernedCall | undefined {
    // The client side of this very call was governed in this process already.
    const parent = trace.getSpanContext(context.active());
    if (parent !== undefined && this._clientSpans?.has(parent.spanId) === true) return undefined;
    const name = this._toolName(server, tool);
    if (name === undefined) return undefined;
    const client = server.server?.getClientVersion?.()?.name;
    const requestId = (extra as ServerExtra | undefined)?.requestId;
    return {
      tool: name,
      args: isRecord(args) ? args : undefined,
      callId:
        typeof requestId === 'string' || typeof requestId === 'number'
          ? String(requestId)
          : undefined,
      toolType: GEN_AI_TOOL_TYPE_EXTENSION,
      agent: typeof client === 'string' && client !== '' ? { id: client, name: client } : undefined,
      description: describeTool(tool),
    };
  }

  /** The registered name of TOOL (the handler receives the tool object, not its name). */
  private _toolName(server: McpServerLike, tool: unknown): string | undefined {
    if (typeof tool !== 'object' || tool === null) return undefined;
    const names = (this._toolNames ??= new WeakMap());
    const cached = names.get(tool);
    if (cached !== undefined) return cached;
    for (const [name, registered] of Object.entries(server._registeredTools ?? {})) {
      if (registered === tool) {
        names.set(tool, name);
        return name;
      }
    }
    return undefined;
  }
}

function describeClientCall(params: CallToolParams | undefined): GovernedCall | undefined {
  if (typeof params?.name !== 'string' || params.name === '') return undefined;
  return {
    tool: params.name,
    args: isRecord(params.arguments) ? params.arguments : undefined,
    toolType: GEN_AI_TOOL_TYPE_EXTENSION,
  };
}

/** MCP's tool error result, the shape both SDK sides use for a failed tool. */
function toolError(denied: PolicyDeniedError): unknown {
  return { content: [{ type: 'text', text: denied.message }], isError: true };
}

function describeTool(tool: unknown): string | undefined {
  const description = (tool as { description?: unknown }).description;
  return typeof description === 'string' ? description : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
