import { describe, expect, it } from 'vitest';
import { buildTraceTree, filterTree } from '../../replay/index.js';
import type { RunFilter, RunNode } from '../../replay/index.js';
import { span, toolAttrs, traceOf } from './support/recorded.js';

const tree = buildTraceTree(
  traceOf([
    span('abc123', 'root', undefined, {
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' },
    }),
    span('abc123', 'step', 'root', { startMs: 1 }),
    span('abc123', 't1', 'step', {
      startMs: 2,
      attributes: toolAttrs('web_search', {
        'gen_ai.agent.id': 'planner-1',
        'gen_ai.agent.name': 'planner',
      }),
    }),
    span('abc123', 't2', 'root', {
      startMs: 3,
      attributes: toolAttrs('file_read', {
        'gen_ai.agent.id': 'planner-1',
        'agc.policy.decision': 'deny',
      }),
    }),
    span('abc123', 't3', 'root', {
      startMs: 4,
      attributes: toolAttrs('shell_exec', {
        'gen_ai.agent.id': 'coder-1',
        'agc.policy.decision': 'audit',
      }),
    }),
  ]),
);

const kept = (filter: RunFilter): string[] => {
  const out: string[] = [];
  const walk = (nodes: readonly RunNode[]): void =>
    nodes.forEach((n) => {
      out.push(n.span.spanId);
      walk(n.children);
    });
  walk(filterTree(tree, filter)?.roots ?? []);
  return out;
};

describe('filterTree', () => {
  it.each<[RunFilter, string[]]>([
    [{}, ['root', 'step', 't1', 't2', 't3']],
    [{ tools: ['web_search'] }, ['root', 'step', 't1']],
    [{ tools: ['*_read', 'shell_*'] }, ['root', 't2', 't3']],
    [{ decisions: ['deny', 'audit'] }, ['root', 't2', 't3']],
    [{ agents: ['coder-1'] }, ['root', 't3']],
    [{ agents: ['planner'] }, ['root', 'step', 't1', 't2', 't3']], // the agent run is kept whole
    [{ agents: ['planner'], decisions: ['allow'] }, ['root', 'step', 't1']],
    [{ tools: ['web_search'], decisions: ['deny'] }, []],
    [{ traces: ['ABC'] }, ['root', 'step', 't1', 't2', 't3']],
    [{ traces: ['ffff'] }, []],
  ])('%j keeps %j', (filter, expected) => {
    expect(kept(filter)).toEqual(expected);
  });

  it('counts only the spans it keeps', () => {
    expect(filterTree(tree, { tools: ['web_search'] })?.spanCount).toBe(3);
  });
});
