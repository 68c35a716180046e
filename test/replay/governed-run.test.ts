import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, isPolicyDeniedError, withAgent } from '../../instrumentation/index.js';
import { showRecording, verifyRecordingFiles, whatIfRecording } from '../../replay/index.js';
import { governedSetup, policyText } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';
import { writeSpans } from './support/write-recording.js';

const POLICY = policyText(
  `  default: deny
  agents:
    - match: "researcher-*"
      allowTools: [web_search, file_read]
  rules:
    - id: workspace-only
      tools: [file_read]
      when: '!args.path.startsWith("/workspace/")'
      decision: deny
    - id: search-rate
      tools: [web_search]
      limit: { count: 3, per: 1m }
`,
  'live',
);

let setup: GovernedSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

/** Runs a scripted agent through the real govern() and records it with the real recorder. */
async function recordLiveRun(): Promise<{ dir: string; policyFile: string }> {
  setup = governedSetup({ policy: POLICY, governor: { captureContent: true } });
  const plan: [string, Record<string, unknown>][] = [
    ['file_read', { path: '/workspace/a.md' }],
    ['file_read', { path: '/etc/passwd' }],
    ['send_email', { to: 'x@example.com' }],
    ...Array.from({ length: 5 }, (_, i): [string, Record<string, unknown>] => [
      'web_search',
      { q: `q${i}` },
    ]),
  ];
  await withAgent({ id: 'researcher-1', name: 'researcher' }, async () => {
    for (const [tool, args] of plan) {
      try {
        await govern({ tool, args }, async () => `ok ${tool}`);
      } catch (error) {
        if (!isPolicyDeniedError(error)) throw error;
      }
    }
  });
  const dir = mkdtempSync(join(tmpdir(), 'agc-live-'));
  writeSpans(dir, setup.exporter.getFinishedSpans(), { spansPerLine: 3 });
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, POLICY);
  return { dir, policyFile };
}

describe('a run recorded through govern()', () => {
  it('is shown with the decisions govern() took, verifies, and what-if under its own policy changes nothing', async () => {
    const { dir, policyFile } = await recordLiveRun();
    const { summary } = await showRecording([dir], () => undefined);
    expect(summary.toolCalls).toBe(8);
    expect(summary.decisions).toEqual({ allow: 4, audit: 0, deny: 4 });
    expect(summary.bySource).toEqual({ 'allow/policy': 4, 'deny/policy': 2, 'deny/rate_limit': 2 });
    expect(await verifyRecordingFiles([dir])).toMatchObject({
      ok: true,
      lines: 4,
      runs: [{ ok: true, lines: 4, closed: true }],
    });
    const same = await whatIfRecording([dir], [policyFile]);
    expect(same).toMatchObject({ redecided: 8, unchanged: 8, withoutArgs: 0 });
  });

  it('what-if with a looser limit lists the rate-limited calls as deny->allow, blaming the old rule', async () => {
    const { dir } = await recordLiveRun();
    const looser = join(dir, 'looser.yaml');
    writeFileSync(looser, POLICY.replace('count: 3', 'count: 10'));
    const result = await whatIfRecording([dir], [looser]);
    expect(result).toMatchObject({ denyToAllow: 2, allowToDeny: 0, unchanged: 6 });
    expect(result.rules).toEqual([
      { rule: 'live:search-rate', direction: 'deny->allow', count: 2 },
    ]);
  });
});
