import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, isPolicyDeniedError, withAgent } from '../../instrumentation/index.js';
import { setGlobalGovernor } from '../../processors/index.js';
import { GovernanceRuntime, loadRuntimeInputs, runtimeConfigFromEnv } from '../../runtime/index.js';
import { policyText } from '../helpers/governed-provider.js';
import { stopRuntime } from '../helpers/stop-runtime.js';

let runtime: GovernanceRuntime | undefined;
afterEach(async () => {
  await stopRuntime(runtime);
  runtime = undefined;
});

function policyFile(spec: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'agc-anomaly-')), 'agc.policy.yaml');
  writeFileSync(file, policyText(spec));
  return file;
}

describe('anomaly detection on the governed path', () => {
  it('an out-of-profile tool raises agc.anomaly on its span and quarantines the agent', async () => {
    const file = policyFile(`  default: allow
  anomaly:
    action: quarantine
    quarantineTtlMs: 60000
    capability: { learn: false, profiles: { researcher-1: [web_search, file_read] } }
`);
    const config = runtimeConfigFromEnv({
      AGC_POLICY: file,
      AGC_RECORD: 'off',
      AGC_METRICS_PORT: '0',
    });
    const { inputs, problems } = loadRuntimeInputs(config);
    expect(problems).toEqual([]);
    const memory = new InMemorySpanExporter();
    runtime = GovernanceRuntime.start({
      config,
      ...inputs,
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
    setGlobalGovernor(runtime.governor);

    const call = async (agent: string, tool: string): Promise<string> =>
      withAgent({ id: agent }, async () => govern({ tool }, async () => 'ran')).catch(
        (e: unknown) => (isPolicyDeniedError(e) ? `denied:${e.verdict.source}` : 'error'),
      );
    expect(await call('researcher-1', 'web_search')).toBe('ran');
    expect(await call('researcher-1', 'http_post')).toBe('ran');
    expect(await call('researcher-1', 'web_search')).toBe('denied:quarantine');
    expect(await call('researcher-2', 'web_search')).toBe('ran');

    const exfil = memory.getFinishedSpans().find((s) => s.name === 'execute_tool http_post');
    const event = exfil?.events.find((e) => e.name === 'agc.anomaly');
    expect(event?.attributes).toMatchObject({
      'agc.anomaly.detector': 'capability',
      'agc.anomaly.action': 'quarantine',
      'agc.anomaly.tool': 'http_post',
    });
    const text = await runtime.metrics.text();
    expect(text).toMatch(/agc_anomaly_score\{agent="researcher-1",detector="capability"\} 1/);
    expect(text).toMatch(/agc_agent_quarantined\{agent="researcher-1"\} 1/);
    expect(runtime.governor.release('researcher-1')).toBe(true);
    expect(await call('researcher-1', 'web_search')).toBe('ran');
  });

  it('an invalid anomaly block is a policy problem with its position', () => {
    const file = policyFile('  default: allow\n  anomaly:\n    action: sometimes\n');
    const { inputs, problems } = loadRuntimeInputs(runtimeConfigFromEnv({ AGC_POLICY: file }));
    expect(inputs.policy).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.first).toMatch(new RegExp(`^${file}:7:5: spec\\.anomaly\\.action: `));
  });

  it('AGC_ANOMALY=off turns detection off', () => {
    runtime = GovernanceRuntime.start({
      config: runtimeConfigFromEnv({
        AGC_ANOMALY: 'off',
        AGC_RECORD: 'off',
        AGC_METRICS_PORT: '0',
      }),
    });
    expect(runtime.anomaly).toBeUndefined();
  });
});
