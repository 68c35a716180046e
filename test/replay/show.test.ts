import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRunSummary, renderRunTree, showRecording } from '../../replay/index.js';
import type { RunTree } from '../../replay/index.js';

const COLLECTOR = join(import.meta.dirname, '..', 'fixtures', 'replay', 'collector.jsonl');

async function show(
  options = {},
): Promise<{ trees: RunTree[]; result: Awaited<ReturnType<typeof showRecording>> }> {
  const trees: RunTree[] = [];
  const result = await showRecording([COLLECTOR], (t) => void trees.push(t), options);
  return { trees, result };
}

describe('showRecording + renderRunTree', () => {
  it('renders each trace as a tree: agent runs, model calls, tool calls with decision, rule, duration, errors, chaos, anomalies', async () => {
    const { trees } = await show();
    expect(trees.map((t) => renderRunTree(t)).join('\n')).toBe(
      [
        'trace 4bf92f3577b34da6a3ce929d0e0e4736  2026-01-01T00:00:00.090Z  2 span(s)  110.0 ms',
        '└─ agent support  invoke_agent support  110.0 ms',
        '   └─ tool refund  DENY  policy no-refunds  1.0 ms  blocked  "refunds need a human"  [support]',
        '',
        'trace 0af7651916cd43dd8448eb211c80319c  2025-12-31T23:59:59.990Z  5 span(s)  1.71 s',
        '└─ agent support  invoke_agent support  1.71 s',
        '   ├─ model gpt-4o  chat gpt-4o  800.0 ms  1200 in / 80 out tokens',
        '   ├─ tool lookup_order {"order":"A-17"}  allow policy agents[0]  40.0 ms  [support]',
        '   ├─ tool send_email  allow policy  500.0 ms  ERROR UpstreamError: upstream 503  [support]',
        '   │  ~ chaos flaky-mail/down error',
        '   └─ tool send_email {"to":"[REDACTED]"}  allow policy  100.0 ms  [support]',
        '      ! anomaly frequency 0.71 high: send_email 4.2 sigma above baseline',
        '',
      ].join('\n'),
    );
  });

  it('summarises the run, including what chaos injected and how the agent coped', async () => {
    const { result } = await show();
    expect(formatRunSummary(result.summary, result.stats)).toBe(
      [
        'summary',
        '  2 trace(s), 7 span(s), 2025-12-31T23:59:59.990Z .. 2026-01-01T00:00:01.700Z (1.71 s)',
        '  2 agent run(s), 1 model call(s), 4 tool call(s)',
        '  decisions: 3 allow, 0 audit, 1 deny (1 blocked); 1 tool error(s)',
        '  by source: 3 allow/policy, 1 deny/policy',
        '  denies by rule: 1 support:no-refunds',
        '  usage: 1200 in / 80 out tokens, $0.0020',
        '  anomalies: 1 (1 frequency), 0 quarantine(s)',
        '  chaos flaky-mail/down (error): injected into 1 call(s); 1 failed, 1 recovered by a successful retry, 0 run(s) failed',
        '  read 1 file(s), 6 line(s), 1 non-trace line(s) ignored',
        '',
      ].join('\n'),
    );
  });

  it('filters by decision, keeping the path to each match; the summary covers what is shown', async () => {
    const { trees, result } = await show({ filter: { decisions: ['deny'] } });
    expect(trees.map((t) => t.traceId)).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736']);
    expect(result.summary.toolCalls).toBe(1);
    expect(result.shown).toBe(1);
  });

  it('paints decisions in colour only when asked', async () => {
    const { trees } = await show();
    const tree = trees[0] as RunTree;
    expect(renderRunTree(tree, { color: true })).toContain('\u001b[31;1mDENY \u001b[0m');
    expect(renderRunTree(tree, { color: false })).not.toContain('\u001b[');
  });

  it('hides arguments with argsWidth 0 and cuts long ones', async () => {
    const { trees } = await show();
    const tree = trees[1] as RunTree;
    expect(renderRunTree(tree, { argsWidth: 0 })).not.toContain('A-17');
    expect(renderRunTree(tree, { argsWidth: 8 })).toContain('tool lookup_order {"order…  allow');
  });
});
