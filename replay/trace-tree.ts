import {
  ATTR_AGC_USAGE_COST_USD,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION_EXECUTE_TOOL,
} from '../conventions/index.js';
import {
  AGENT_OPERATIONS,
  ATTR_AGC_REPLAY_SERVED,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  MODEL_OPERATIONS,
} from './recorded-attributes.js';
import { toToolStep } from './tool-step.js';
import type {
  ModelCall,
  RecordedSpan,
  RecordedTrace,
  RunNode,
  RunTree,
  SpanRole,
} from './types.js';

type MutableNode = { -readonly [K in keyof RunNode]: RunNode[K] } & { children: MutableNode[] };

/** What a span stands for: a tool call, a model call, an agent run, or other work. */
export function spanRole(span: RecordedSpan): SpanRole {
  const operation = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
  if (operation === GEN_AI_OPERATION_EXECUTE_TOOL) return 'tool';
  if (typeof operation === 'string') {
    if (AGENT_OPERATIONS.has(operation)) return 'agent';
    if (MODEL_OPERATIONS.has(operation)) return 'model';
  }
  if (span.name.startsWith('invoke_agent')) return 'agent';
  const a = span.attributes;
  if (
    typeof a[ATTR_GEN_AI_REQUEST_MODEL] === 'string' ||
    typeof a[ATTR_GEN_AI_RESPONSE_MODEL] === 'string'
  ) {
    return 'model';
  }
  return 'other';
}

/**
 * Arranges a trace's spans as a tree by parent id, children in start order. A span whose parent
 * is not in the trace (not recorded, or in another process) becomes a root, so nothing is
 * dropped; a repeated span id (the same span read twice) is kept once.
 */
export function buildTraceTree(trace: RecordedTrace): RunTree {
  const nodes = new Map<string, MutableNode>();
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const span of trace.spans) {
    if (nodes.has(span.spanId)) continue;
    nodes.set(span.spanId, makeNode(span));
    if (span.startMs < startMs) startMs = span.startMs;
    if (span.endMs > endMs) endMs = span.endMs;
  }
  const roots: MutableNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.span.parentSpanId;
    const parent = parentId === undefined ? undefined : nodes.get(parentId);
    if (parent === undefined || parent === node) roots.push(node);
    else parent.children.push(node);
  }
  // Parent links that loop (corrupt input) leave nodes unreachable from any root: adopt them.
  const reached = countReachable(roots);
  if (reached < nodes.size) adoptUnreachable(nodes, roots);
  sortTree(roots);
  return {
    traceId: trace.traceId,
    roots,
    complete: trace.complete,
    startMs: Number.isFinite(startMs) ? startMs : 0,
    endMs: Number.isFinite(endMs) ? endMs : 0,
    spanCount: nodes.size,
  };
}

function makeNode(span: RecordedSpan): MutableNode {
  const role = spanRole(span);
  const node: MutableNode = { span, role, children: [] };
  if (role === 'tool') {
    const step = toToolStep(span);
    if (step !== undefined) node.step = step;
  } else if (role === 'model') {
    node.model = modelCall(span);
  } else if (role === 'agent') {
    const a = span.attributes;
    const agent = a[ATTR_GEN_AI_AGENT_NAME] ?? a[ATTR_GEN_AI_AGENT_ID];
    if (typeof agent === 'string' && agent !== '') node.agent = agent;
  }
  return node;
}

function modelCall(span: RecordedSpan): ModelCall {
  const a = span.attributes;
  const call: { -readonly [K in keyof ModelCall]: ModelCall[K] } = {};
  const text = (key: string): string | undefined => {
    const v = a[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const number = (key: string): number | undefined => {
    const v = a[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const operation = text(ATTR_GEN_AI_OPERATION_NAME);
  const model = text(ATTR_GEN_AI_RESPONSE_MODEL) ?? text(ATTR_GEN_AI_REQUEST_MODEL);
  const provider = text(ATTR_GEN_AI_PROVIDER_NAME) ?? text('gen_ai.system');
  const input = number(ATTR_GEN_AI_USAGE_INPUT_TOKENS);
  const output = number(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
  const cost = number(ATTR_AGC_USAGE_COST_USD);
  if (operation !== undefined) call.operation = operation;
  if (model !== undefined) call.model = model;
  if (provider !== undefined) call.provider = provider;
  if (input !== undefined) call.inputTokens = input;
  if (output !== undefined) call.outputTokens = output;
  if (cost !== undefined) call.costUsd = cost;
  if (a[ATTR_AGC_REPLAY_SERVED] === true) call.replayed = true;
  return call;
}

function countReachable(roots: readonly MutableNode[]): number {
  let count = 0;
  const stack = [...roots];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    count++;
    for (const child of node.children) stack.push(child);
  }
  return count;
}

function adoptUnreachable(nodes: Map<string, MutableNode>, roots: MutableNode[]): void {
  const seen = new Set<MutableNode>();
  const stack = [...roots];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    seen.add(node);
    for (const child of node.children) stack.push(child);
  }
  for (const node of nodes.values()) {
    if (seen.has(node)) continue;
    // Cut the loop at this node: it becomes a root, its own subtree stays intact.
    for (const other of nodes.values()) {
      const i = other.children.indexOf(node);
      if (i >= 0) other.children.splice(i, 1);
    }
    roots.push(node);
    const sub = [node];
    for (let n = sub.pop(); n !== undefined; n = sub.pop()) {
      seen.add(n);
      for (const child of n.children) if (!seen.has(child)) sub.push(child);
    }
  }
}

function sortTree(nodes: MutableNode[]): void {
  const stack: MutableNode[][] = [nodes];
  for (let list = stack.pop(); list !== undefined; list = stack.pop()) {
    list.sort(byStart);
    for (const node of list) if (node.children.length > 0) stack.push(node.children);
  }
}

function byStart(a: MutableNode, b: MutableNode): number {
  return a.span.startMs - b.span.startMs || (a.span.spanId < b.span.spanId ? -1 : 1);
}
