import { compileNamePattern } from '../common/index.js';
import type { NameMatcher } from '../common/index.js';
import type { Decision } from '../conventions/index.js';
import type { RunNode, RunTree, ToolStep } from './types.js';

/**
 * What `agc replay show` keeps. Every field is optional; a call must match all the fields given
 * (and any of the values within one). Names match exactly or with `*` wildcards.
 */
export interface RunFilter {
  /** Agent ids or names. */
  readonly agents?: readonly string[];
  /** Tool names. */
  readonly tools?: readonly string[];
  /** Decisions. */
  readonly decisions?: readonly Decision[];
  /** Trace ids or id prefixes. */
  readonly traces?: readonly string[];
}

/** True when the filter constrains nothing. */
export function isEmptyFilter(filter: RunFilter): boolean {
  return !(
    filter.agents?.length ||
    filter.tools?.length ||
    filter.decisions?.length ||
    filter.traces?.length
  );
}

/** True when a trace id passes the filter's `traces`. */
export function traceMatches(traceId: string, filter: RunFilter): boolean {
  const traces = filter.traces;
  return !traces?.length || traces.some((t) => traceId.startsWith(t.toLowerCase()));
}

/** True when STEP passes the filter's agent, tool and decision fields. */
export function stepMatches(step: ToolStep, filter: RunFilter): boolean {
  if (filter.decisions?.length && !filter.decisions.includes(step.decision)) return false;
  if (filter.tools?.length && !filter.tools.some((t) => globMatch(t, step.tool))) return false;
  if (filter.agents?.length) {
    const name = step.agentName;
    if (
      !filter.agents.some(
        (p) => globMatch(p, step.agentId) || (name !== undefined && globMatch(p, name)),
      )
    ) {
      return false;
    }
  }
  return true;
}

/**
 * TREE restricted to FILTER: the matching tool calls with their ancestors (the agent runs and
 * spans they sit in). With only an agent filter, matching agent runs are kept whole. Undefined
 * when nothing matches.
 */
export function filterTree(tree: RunTree, filter: RunFilter): RunTree | undefined {
  if (!traceMatches(tree.traceId, filter)) return undefined;
  if (!filter.agents?.length && !filter.tools?.length && !filter.decisions?.length) return tree;
  const agentOnly = !filter.tools?.length && !filter.decisions?.length;
  const keep = (node: RunNode): RunNode | undefined => {
    if (
      agentOnly &&
      node.role === 'agent' &&
      node.agent !== undefined &&
      filter.agents?.some((p) => globMatch(p, node.agent ?? ''))
    ) {
      return node;
    }
    const children: RunNode[] = [];
    for (const child of node.children) {
      const kept = keep(child);
      if (kept !== undefined) children.push(kept);
    }
    const self = node.step !== undefined && stepMatches(node.step, filter);
    if (!self && children.length === 0) return undefined;
    return children.length === node.children.length ? node : { ...node, children };
  };
  const roots: RunNode[] = [];
  for (const root of tree.roots) {
    const kept = keep(root);
    if (kept !== undefined) roots.push(kept);
  }
  return roots.length === 0 ? undefined : { ...tree, roots, spanCount: countNodes(roots) };
}

function countNodes(nodes: readonly RunNode[]): number {
  let n = 0;
  const stack = [...nodes];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    n++;
    stack.push(...node.children);
  }
  return n;
}

const matchers = new Map<string, NameMatcher>();

/** PATTERN compiled once (filter patterns come from the command line: a handful). */
function globMatch(pattern: string, value: string): boolean {
  let matcher = matchers.get(pattern);
  if (matcher === undefined) {
    matcher = compileNamePattern(pattern);
    matchers.set(pattern, matcher);
  }
  return matcher.test(value);
}
