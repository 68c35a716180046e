import { describe, expect, it } from 'vitest';
import { buildTraceTree, spanRole } from '../../replay/index.js';
import type { RunNode } from '../../replay/index.js';
import { span, toolAttrs, traceOf } from './support/recorded.js';

const shape = (nodes: readonly RunNode[]): unknown[] =>
  nodes.map((n) => (n.children.length > 0 ? [n.span.spanId, shape(n.children)] : n.span.spanId));

describe('spanRole', () => {
  it.each([
    [{ 'gen_ai.operation.name': 'execute_tool' }, 'x', 'tool'],
    [{ 'gen_ai.operation.name': 'invoke_agent' }, 'x', 'agent'],
    [{ 'gen_ai.operation.name': 'create_agent' }, 'x', 'agent'],
    [{}, 'invoke_agent planner', 'agent'],
    [{ 'gen_ai.operation.name': 'chat' }, 'x', 'model'],
    [{ 'gen_ai.operation.name': 'embeddings' }, 'x', 'model'],
    [{ 'gen_ai.request.model': 'gpt-4o' }, 'ai.generateText.doGenerate', 'model'],
    [{ 'http.method': 'GET' }, 'GET /', 'other'],
  ] as const)('%j named %s is %s', (attributes, name, role) => {
    expect(spanRole(span('T', 's', undefined, { name, attributes }))).toBe(role);
  });
});

describe('buildTraceTree', () => {
  it('nests by parent, children in start order, orphans as roots, duplicates once', () => {
    const tree = buildTraceTree(
      traceOf([
        span('T', 'c2', 'root', { startMs: 30 }),
        span('T', 'c1', 'root', { startMs: 10 }),
        span('T', 'g1', 'c1', { startMs: 12 }),
        span('T', 'root', undefined, { startMs: 0, durationMs: 100 }),
        span('T', 'orphan', 'not-recorded', { startMs: 5 }),
        span('T', 'c1', 'root', { startMs: 10 }),
      ]),
    );
    expect(shape(tree.roots)).toEqual([['root', [['c1', ['g1']], 'c2']], 'orphan']);
    expect(tree.spanCount).toBe(5);
    expect([tree.startMs, tree.endMs]).toEqual([0, 100]);
  });

  it('survives parent links that loop (corrupt input): every span stays in the tree', () => {
    const tree = buildTraceTree(
      traceOf([span('T', 'a', 'b'), span('T', 'b', 'a'), span('T', 'r', undefined)]),
    );
    const all: string[] = [];
    const walk = (nodes: readonly RunNode[]): void =>
      nodes.forEach((n) => {
        all.push(n.span.spanId);
        walk(n.children);
      });
    walk(tree.roots);
    expect(all.sort()).toEqual(['a', 'b', 'r']);
  });

  it('reads tool steps, model calls and agent names onto the nodes', () => {
    const tree = buildTraceTree(
      traceOf([
        span('T', 'root', undefined, {
          attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' },
        }),
        span('T', 'm', 'root', {
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o',
            'gen_ai.response.model': 'gpt-4o-2024',
            'gen_ai.provider.name': 'openai',
            'gen_ai.usage.input_tokens': 10,
            'gen_ai.usage.output_tokens': 3,
          },
        }),
        span('T', 't', 'root', { startMs: 1, attributes: toolAttrs('search') }),
      ]),
    );
    const [root] = tree.roots;
    expect(root?.agent).toBe('planner');
    expect(root?.children[0]?.model).toEqual({
      operation: 'chat',
      model: 'gpt-4o-2024',
      provider: 'openai',
      inputTokens: 10,
      outputTokens: 3,
    });
    expect(root?.children[1]?.step).toMatchObject({
      tool: 'search',
      decision: 'allow',
      parentSpanId: 'root',
    });
  });
});
