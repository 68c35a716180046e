import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, withAgent } from '../../instrumentation/index.js';
import {
  formatRecordingHead,
  parseRecordingChain,
  RECORDING_CHAIN_ATTRIBUTE,
  RECORDING_CHAIN_GENESIS,
  recordingChainHashV2,
} from '../../recording/index.js';
import { loadPolicy } from '../../policy/index.js';
import { setGlobalGovernor } from '../../processors/index.js';
import { readCheckpoints, verifyRecording, verifyRecordingFiles } from '../../replay/index.js';
import { GovernanceRuntime, runtimeConfigFromEnv } from '../../runtime/index.js';
import { policyText } from '../helpers/governed-provider.js';
import { readRecordedSpans, recordingFiles } from '../helpers/recording.js';
import { stopRuntime } from '../helpers/stop-runtime.js';

let runtime: GovernanceRuntime | undefined;
afterEach(async () => {
  await stopRuntime(runtime);
  runtime = undefined;
});

/** Runs 3 governed calls with the recorder on; returns its files and what left the process. */
async function run(): Promise<{ dir: string; files: string[]; collector: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'agc-checkpoints-'));
  const exported: ReadableSpan[] = [];
  // Kept as they end (an in-memory exporter forgets its spans on shutdown).
  const collect: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => void exported.push(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  runtime = GovernanceRuntime.start({
    config: runtimeConfigFromEnv({
      AGC_RECORD_DIR: dir,
      AGC_METRICS_PORT: '0',
      OTEL_SERVICE_NAME: 'svc',
    }),
    policy: loadPolicy(policyText('  default: allow\n')),
    spanProcessors: [collect],
  });
  setGlobalGovernor(runtime.governor);
  for (let i = 0; i < 3; i++) {
    await withAgent({ id: 'a' }, () => govern({ tool: 'search' }, async () => i));
    await runtime.provider.forceFlush();
  }
  await stopRuntime(runtime);
  runtime = undefined;
  // What a Collector's file exporter would hold: every exported span, as OTLP/JSON lines.
  const collector = join(mkdtempSync(join(tmpdir(), 'agc-collector-')), 'traces.jsonl');
  const bytes = JsonTraceSerializer.serializeRequest(exported);
  writeFileSync(collector, `${new TextDecoder().decode(bytes)}\n`);
  return { dir, files: recordingFiles(dir), collector };
}

type Line = {
  resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] } }[];
};

/**
 * What an attacker with the disk (and no key) can do: rewrite lines with EDIT and re-chain
 * them, same run id, so the file verifies on its own.
 */
function rechain(file: string, edit: (text: string) => string, keep = Infinity): void {
  let prev = RECORDING_CHAIN_GENESIS;
  const out: string[] = [];
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(0, keep);
  let last = { run: '', seq: 0, hash: '' };
  for (const text of lines) {
    const request = JSON.parse(edit(text)) as Line;
    const attributes = request.resourceSpans[0]?.resource.attributes ?? [];
    const at = attributes.findIndex((a) => a.key === RECORDING_CHAIN_ATTRIBUTE);
    const link = parseRecordingChain(attributes[at]?.value.stringValue ?? '');
    if (link === undefined) throw new Error('no chain');
    attributes.splice(at, 1);
    const fields = {
      mode: 'sha256' as const,
      run: link.run ?? '',
      seq: link.seq,
      prev,
      flags: link.flags,
    };
    const hash = recordingChainHashV2(fields, JSON.stringify(request));
    attributes.unshift({
      key: RECORDING_CHAIN_ATTRIBUTE,
      value: { stringValue: `v2:sha256:${fields.run}:${link.seq}:${prev}:${link.flags}:${hash}:-` },
    });
    out.push(JSON.stringify(request));
    prev = hash;
    last = { run: fields.run, seq: link.seq, hash };
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  writeFileSync(`${file}.head`, formatRecordingHead({ mode: 'sha256', ...last }));
}

describe('checkpoints sent out of process catch what the file alone cannot', () => {
  it('the recorder exports checkpoint spans (never into the recording); the recording matches them', async () => {
    const { dir, files, collector } = await run();
    const checkpoints = readCheckpoints([collector]);
    expect(checkpoints.size).toBe(1);
    expect(readRecordedSpans(dir).map((s) => s.name)).not.toContain('agc.recording.checkpoint');
    const result = await verifyRecordingFiles(files, { checkpoints });
    expect(result.ok).toBe(true);
    expect(result.checkpoints).toEqual({ matched: 1, rotatedAway: 0, missingRuns: [] });
  });

  it('a whole-file rewrite that verifies on its own is caught against the checkpoints', async () => {
    const { files, collector } = await run();
    const file = files[0] ?? '';
    rechain(file, (text) => text.replaceAll('"search"', '"SEARCH"'));
    expect(verifyRecording(files).ok).toBe(true); // the forged chain holds together...
    const result = verifyRecording(files, { checkpoints: readCheckpoints([collector]) });
    expect(result.problem).toMatchObject({ kind: 'modified' }); // ...but not against what left
  });

  it('a cut tail with a rebuilt plain head is caught: a checkpoint names a line past the end', async () => {
    const { files, collector } = await run();
    const file = files[0] ?? '';
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').length;
    rechain(file, (text) => text, lines - 2);
    expect(
      verifyRecording(files, { checkpoints: readCheckpoints([collector]) }).problem,
    ).toMatchObject({
      kind: 'truncated',
      message: expect.stringContaining('a checkpoint was exported for line'),
    });
  });

  it('a recording replaced by another run of the service: the checkpointed run is reported missing', async () => {
    const first = await run();
    const second = await run();
    const result = verifyRecording(second.files, {
      checkpoints: readCheckpoints([first.collector]),
    });
    expect(result.ok).toBe(true);
    expect(result.checkpoints?.missingRuns).toHaveLength(1);
  });
});
