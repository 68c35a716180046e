import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { RecordingWriter } from '../../recording/index.js';
import { verifyRecording } from '../../replay/index.js';
import { recordingFiles } from '../helpers/recording.js';

describe('RecordingWriter rotation', () => {
  it('names rotated files in chain order even within one millisecond', () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    }).getTracer('t');
    const dir = mkdtempSync(join(tmpdir(), 'agc-rotate-'));
    const writer = new RecordingWriter({
      dir,
      service: 'svc',
      maxBytes: 1024,
      now: () => Date.parse('2026-11-24T00:00:00Z'),
    });
    for (let i = 0; i < 5; i++) {
      tracer.startSpan(`step ${i}`).end();
      writer.write(exporter.getFinishedSpans().slice(-1));
    }
    writer.close();
    const files = recordingFiles(dir);
    expect(files).toHaveLength(5);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'svc-2026-11-24T00-00-00-000Z.jsonl',
      'svc-2026-11-24T00-00-00-001Z.jsonl',
      'svc-2026-11-24T00-00-00-002Z.jsonl',
      'svc-2026-11-24T00-00-00-003Z.jsonl',
      'svc-2026-11-24T00-00-00-004Z.jsonl',
    ]);
    // Five span lines and the close line, which stays in the last file.
    expect(verifyRecording(files)).toEqual({
      ok: true,
      lines: 6,
      runs: [
        {
          files,
          lines: 6,
          ok: true,
          run: writer.run,
          mode: 'sha256',
          signed: false,
          closed: true,
          endConfirmed: false,
        },
      ],
    });
  });
});

describe('verifyRecording on lines that are JSON but not objects', () => {
  it.each(['null', '[1,2]', '"text"', '42'])('%s: malformed at its line, no crash', (line) => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    }).getTracer('t');
    const dir = mkdtempSync(join(tmpdir(), 'agc-verify-null-'));
    const writer = new RecordingWriter({ dir, service: 'svc' });
    tracer.startSpan('step').end();
    writer.write(exporter.getFinishedSpans());
    writer.close();
    const [file] = recordingFiles(dir);
    appendFileSync(file as string, `${line}\n`);
    const result = verifyRecording([file as string]);
    expect(result.ok).toBe(false);
    // Line 1 the span, line 2 the close line, then the appended one.
    expect(result.problem).toMatchObject({
      line: 3,
      kind: 'malformed',
      message: 'not a JSON object',
    });
  });
});
