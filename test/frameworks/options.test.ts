import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, FIXTURES, ROOT, runCell, writePolicies } from './cell-runner.js';
import { toolSpans } from './expectations.js';

// The environment switches of the preload, each proved on a real framework app.

let policy: string;
beforeAll(() => {
  assertBuilt();
  policy = writePolicies().app;
});

describe('preload options', () => {
  it('AGC_INSTRUMENTATIONS=none leaves the framework alone: no span, the denied body runs', async () => {
    const run = await runCell(join(FIXTURES, 'langchain/app.mjs'), 'import', {
      AGC_POLICY: policy,
      AGC_INSTRUMENTATIONS: 'none',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.output?.ran).toEqual(['web_search', 'send_email']);
    expect(toolSpans(run.spans)).toHaveLength(0);
  }, 60_000);

  it('AGC_DISABLED_INSTRUMENTATIONS removes one framework only', async () => {
    const run = await runCell(join(FIXTURES, 'mcp/app.cjs'), 'require', {
      AGC_POLICY: policy,
      AGC_DISABLED_INSTRUMENTATIONS: 'mcp',
      FIXTURE_SERVER_POLICY: policy,
    });
    expect(run.code, run.stderr).toBe(0);
    // Only the LangChain tool that wraps callTool is governed now.
    expect(toolSpans(run.spans).map((s) => s.name)).toEqual(['execute_tool mcp__local__lookup']);
    expect(run.output?.serverRan).toEqual(['web_search', 'delete_file']);
  }, 60_000);

  it('AGC_THROW_ON_DENY=true throws the deny out of an OpenAI Agents run', async () => {
    const run = await runCell(join(FIXTURES, 'openai-agents/app.cjs'), 'require', {
      AGC_POLICY: policy,
      AGC_THROW_ON_DENY: 'true',
    });
    expect(run.code).toBe(1);
    expect(run.output).toBeUndefined();
    expect(run.stderr).toMatch(
      /PolicyDeniedError: tool 'send_email' denied by policy rule 'no-email'/,
    );
    const denied = toolSpans(run.spans).find(
      (s) => s.attributes['gen_ai.tool.name'] === 'send_email',
    );
    expect(denied?.attributes['agc.policy.enforced']).toBe(true);
  }, 60_000);

  it('AGC_THROW_ON_DENY=true under LangGraph: ToolNode reports the thrown deny its own way', async () => {
    const run = await runCell(join(FIXTURES, 'langchain/app.cjs'), 'import', {
      AGC_POLICY: policy,
      AGC_THROW_ON_DENY: 'true',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.output?.ran).toEqual(['web_search']);
    expect(run.output?.toolMessages).toContainEqual({
      id: 'call_2',
      name: 'send_email',
      status: 'error',
      content: expect.stringMatching(
        /^Error: tool 'send_email' denied .*\n Please fix your mistakes\.$/,
      ),
    });
  }, 60_000);

  it('an unknown framework name refuses to start: one line on stderr, exit code 78', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--require', '@agc/otel', '-e', 'console.log(1)'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          AGC_METRICS_PORT: '0',
          AGC_RECORD: 'off',
          AGC_INSTRUMENTATIONS: 'langchian',
        },
        timeout: 30_000,
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toBe(
      "@agc/otel: invalid configuration, refusing to start: AGC_INSTRUMENTATIONS='langchian': unknown framework 'langchian' (expected 'none' or a comma list of langchain, openai-agents, ai-sdk, mcp, google-adk, llamaindex, mastra)\n",
    );
  }, 30_000);
});
