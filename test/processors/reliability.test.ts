import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { govern, PolicyDeniedError, withAgent } from '../../instrumentation/index.js';
import { GovernanceMetrics, RecordingSpanProcessor } from '../../processors/index.js';
import { RecordingWriter } from '../../recording/index.js';
import { governedSetup, policyText } from '../helpers/governed-provider.js';
import type { GovernedSetup } from '../helpers/governed-provider.js';

const ALLOW = policyText(
  '  default: allow\n  rules:\n    - { id: no-rm, tools: [rm], decision: deny }\n',
);
let setup: GovernedSetup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

const call = <T>(tool: string, run: () => T): T =>
  withAgent({ id: 'a' }, () => govern({ tool }, run));

describe('faults inside @agc/otel never reach the host', () => {
  it('a throwing observer is counted and skipped; the call and other observers go on', async () => {
    const metrics = new GovernanceMetrics({ processMetrics: false });
    setup = governedSetup({ policy: ALLOW, governor: { metrics } });
    const seen: string[] = [];
    setup.governor.addObserver({
      name: 'boom',
      observe: () => {
        throw new Error('detector bug');
      },
    });
    setup.governor.addObserver({ name: 'ok', observe: (e) => void seen.push(e.tool) });
    expect(await call('t', async () => 'fine')).toBe('fine');
    expect(seen).toEqual(['t']);
    expect(await metrics.text()).toMatch(
      /agc_internal_errors_total\{component="observer.boom"\} 1/,
    );
  });

  it('a throwing exporter does not reach the host', async () => {
    const exploding: SpanExporter = {
      export: () => {
        throw new Error('exporter bug');
      },
      shutdown: () => Promise.resolve(),
    };
    setup = governedSetup({ policy: ALLOW, extraProcessors: [new SimpleSpanProcessor(exploding)] });
    expect(await call('t', async () => 'fine')).toBe('fine');
  });

  it('an exporter that fails its callback does not reach the host', async () => {
    const failing: SpanExporter = {
      export: (_spans: ReadableSpan[], done) =>
        done({ code: ExportResultCode.FAILED, error: new Error('down') }),
      shutdown: () => Promise.resolve(),
    };
    setup = governedSetup({ policy: ALLOW, extraProcessors: [new SimpleSpanProcessor(failing)] });
    expect(await call('t', async () => 'fine')).toBe('fine');
  });

  it('throwing metrics do not reach the host', async () => {
    const metrics = new GovernanceMetrics({ processMetrics: false });
    metrics.recordCall = () => {
      throw new Error('metrics bug');
    };
    metrics.recordDecision = () => {
      throw new Error('metrics bug');
    };
    setup = governedSetup({ policy: ALLOW, governor: { metrics } });
    expect(await call('t', async () => 'fine')).toBe('fine');
    expect(() => call('rm', () => 'ran')).toThrow(PolicyDeniedError);
  });

  it('a recorder that cannot write counts the drop and the host goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-rec-'));
    const blocked = join(dir, 'not-a-dir');
    writeFileSync(blocked, 'a file where the recordings folder should be');
    const metrics = new GovernanceMetrics({ processMetrics: false });
    const errors: unknown[] = [];
    const recorder = new RecordingSpanProcessor(
      new RecordingWriter({ dir: blocked, service: 's' }),
      { metrics, flushOnExit: false, onError: (e) => errors.push(e) },
    );
    setup = governedSetup({ policy: ALLOW, extraProcessors: [recorder] });
    expect(await call('t', async () => 'fine')).toBe('fine');
    await recorder.forceFlush();
    expect(errors.length).toBeGreaterThan(0);
    expect(await metrics.text()).toMatch(/agc_recorder_spans_total\{result="dropped_error"\} 1/);
    await recorder.shutdown();
  });

  it('a full recorder queue drops and counts instead of growing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agc-rec-'));
    const metrics = new GovernanceMetrics({ processMetrics: false });
    const recorder = new RecordingSpanProcessor(new RecordingWriter({ dir, service: 's' }), {
      metrics,
      flushOnExit: false,
      maxQueueSize: 10,
      maxBatchSize: 1000,
      flushIntervalMs: 60_000,
    });
    setup = governedSetup({ policy: ALLOW, extraProcessors: [recorder] });
    for (let i = 0; i < 25; i++) await call('t', async () => i);
    expect(await metrics.text()).toMatch(
      /agc_recorder_spans_total\{result="dropped_queue_full"\} 15/,
    );
    await recorder.shutdown();
    expect(await metrics.text()).toMatch(/agc_recorder_spans_total\{result="written"\} 10/);
  });
});

describe('a failure inside the governance path fails closed', () => {
  it('denies with source error in enforce mode, and says so on the span', () => {
    setup = governedSetup({ policy: ALLOW });
    setup.governor.addVerdictSource({
      name: 'broken',
      check: () => {
        throw new Error('state corrupted');
      },
    });
    let ran = false;
    let error: PolicyDeniedError | undefined;
    try {
      call('t', () => (ran = true));
    } catch (e) {
      error = e as PolicyDeniedError;
    }
    expect(ran).toBe(false);
    expect(error?.verdict).toMatchObject({ decision: 'deny', source: 'error' });
    expect(error?.verdict.reason).toMatch(/governance failed \(state corrupted\); failing closed/);
    expect(setup.exporter.getFinishedSpans()[0]?.attributes).toMatchObject({
      'agc.policy.source': 'error',
      'agc.policy.decision': 'deny',
    });
  });

  it('runs the tool and records audit in audit mode', async () => {
    setup = governedSetup({ policy: ALLOW, governor: { mode: 'audit' } });
    setup.governor.addVerdictSource({
      name: 'broken',
      check: () => {
        throw new Error('state corrupted');
      },
    });
    expect(await call('t', async () => 'ran')).toBe('ran');
    expect(setup.exporter.getFinishedSpans()[0]?.attributes).toMatchObject({
      'agc.policy.source': 'error',
      'agc.policy.decision': 'audit',
    });
  });
});

describe('quarantine is a verdict', () => {
  it('denies every call of the agent with source quarantine until released or expired', async () => {
    let now = 1_000;
    setup = governedSetup({ policy: ALLOW, governor: { now: () => now } });
    setup.governor.quarantine('a', 'call storm', 60_000);
    expect(() => call('t', () => 1)).toThrow(/quarantined: call storm/);
    expect(await withAgent({ id: 'b' }, () => govern({ tool: 't' }, async () => 'b runs'))).toBe(
      'b runs',
    );
    now += 60_000;
    expect(await call('t', async () => 'back')).toBe('back');
    setup.governor.quarantine('a', 'again');
    expect(setup.governor.release('a')).toBe(true);
    expect(await call('t', async () => 'released')).toBe('released');
  });
});
