import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RecordingReadError, RecordingReader } from '../../replay/index.js';
import type { ReadStats, RecordedSpan } from '../../replay/index.js';
import { T0, makeSpans, writeRecording, writeSpans } from './support/write-recording.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'replay');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'agc-reader-'));
}

async function readAll(
  paths: string[],
  options = {},
): Promise<{ spans: RecordedSpan[]; stats: ReadStats }> {
  const reader = new RecordingReader(paths, options);
  const spans: RecordedSpan[] = [];
  for await (const span of reader) spans.push(span);
  return { spans, stats: reader.stats };
}

const TRACES = [
  {
    agent: { id: 'a-1', name: 'alpha', startMs: T0 + 1_000, durationMs: 500 },
    calls: [
      { tool: 'search', startMs: T0 + 1_010, durationMs: 20, args: { q: 'x' } },
      { tool: 'read', startMs: T0 + 1_040, durationMs: 5, blocked: true, rule: 'r1', reason: 'no' },
      { tool: 'read', startMs: T0 + 1_050, durationMs: 2.5 },
    ],
  },
  { calls: [{ tool: 'search', startMs: T0 + 2_000, durationMs: 3 }] },
];

describe('RecordingReader', () => {
  it('reads every span the recorder wrote, with ids, times, attributes and line numbers', async () => {
    const dir = tmp();
    const expected = makeSpans(TRACES);
    const [file = ''] = writeSpans(dir, expected, { spansPerLine: 2 });
    const { spans, stats } = await readAll([file]);
    expect(spans.map((s) => [s.spanId, s.name, s.startMs, s.durationMs])).toEqual(
      expected.map((s) => [
        s.spanContext().spanId,
        s.name,
        s.startTime[0] * 1e3 + s.startTime[1] / 1e6,
        s.duration[0] * 1e3 + s.duration[1] / 1e6,
      ]),
    );
    expect(spans.map((s) => s.origin.line)).toEqual([1, 1, 2, 2, 3]);
    const denied = spans.find((s) => s.attributes['agc.policy.rule'] === 'r1');
    expect(denied?.status).toEqual({ code: 2, message: 'no' });
    expect(denied?.events.map((e) => e.name)).toEqual(['agc.policy.denied']);
    expect(denied?.parentSpanId).toBe(spans.find((s) => s.name === 'invoke_agent alpha')?.spanId);
    expect(spans.every((s) => s.service === 'test-agent')).toBe(true);
    // Three span lines and the close line (no spans).
    expect(stats).toMatchObject({ files: 1, lines: 4, spans: 5, malformed: 0, ignored: 0 });
    expect(stats.bytesRead).toBe(readFileSync(file).length);
    expect(stats.totalBytes).toBe(stats.bytesRead);
  });

  it('reads a folder of rotated files in order, and gzip by its magic bytes (any name)', async () => {
    const dir = tmp();
    const files = writeRecording(dir, TRACES, { spansPerLine: 1, maxBytes: 1500 });
    expect(files.length).toBeGreaterThan(1);
    const plain = await readAll([dir]);
    const zipped = join(tmp(), 'recording.bin');
    writeFileSync(zipped, gzipSync(Buffer.concat(files.map((f) => readFileSync(f)))));
    const fromGzip = await readAll([zipped]);
    expect(plain.spans.map((s) => s.name)).toEqual([
      'execute_tool search',
      'execute_tool read',
      'execute_tool read',
      'invoke_agent alpha',
      'execute_tool search',
    ]);
    expect(fromGzip.spans.map((s) => s.spanId)).toEqual(plain.spans.map((s) => s.spanId));
    expect(fromGzip.stats.bytesRead).toBe(readFileSync(zipped).length);
  });

  it('reads the Collector file exporter output and ignores its non-trace lines', async () => {
    const { spans, stats } = await readAll([join(FIXTURES, 'collector.jsonl')]);
    expect(stats).toMatchObject({ lines: 6, spans: 7, ignored: 1, malformed: 0 });
    expect(spans[0]?.attributes['gen_ai.usage.input_tokens']).toBe(1200);
  });

  it('stops at the first malformed line, naming file and line', async () => {
    const file = join(tmp(), 'bad.jsonl');
    const good = readFileSync(join(FIXTURES, 'collector.jsonl'), 'utf8').split('\n');
    writeFileSync(file, [good[0], '', '{"resourceSpans": [', good[2], '{"x":1}', ''].join('\n'));
    const error = await readAll([file]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordingReadError);
    expect((error as RecordingReadError).kind).toBe('malformed');
    expect((error as RecordingReadError).message).toMatch(new RegExp(`^${file}:3: not valid JSON`));
  });

  it('with onMalformed skip, counts and lists malformed lines and reads on', async () => {
    const file = join(tmp(), 'bad.jsonl');
    const good = readFileSync(join(FIXTURES, 'collector.jsonl'), 'utf8').split('\n');
    writeFileSync(
      file,
      [good[0], '{"resourceSpans": [', good[2], '{"x":1}', good[3]?.slice(0, 50)].join('\n'),
    );
    const { spans, stats } = await readAll([file], { onMalformed: 'skip' });
    expect(spans).toHaveLength(3);
    expect(stats.malformed).toBe(3);
    expect(stats.problems.map((p) => [p.line, p.message.split(' (')[0]])).toEqual([
      [2, 'not valid JSON'],
      [4, 'not an OTLP/JSON trace request'],
      [5, 'not valid JSON'],
    ]);
    expect(stats.problems[2]?.message).toBe('not valid JSON (the last line is cut short)');
  });

  it('bounds line length: a longer line is malformed, the next line is read', async () => {
    const file = join(tmp(), 'long.jsonl');
    const good = readFileSync(join(FIXTURES, 'collector.jsonl'), 'utf8').split('\n');
    writeFileSync(file, `${'x'.repeat(5000)}\n${good[0]}\n`);
    const { spans, stats } = await readAll([file], { onMalformed: 'skip', maxLineBytes: 4096 });
    expect(stats.problems).toEqual([
      { file, line: 1, message: 'line is longer than maxLineBytes' },
    ]);
    expect(spans).toHaveLength(2);
  });

  it('accepts CRLF line ends and blank lines', async () => {
    const file = join(tmp(), 'crlf.jsonl');
    const good = readFileSync(join(FIXTURES, 'collector.jsonl'), 'utf8').split('\n');
    writeFileSync(file, `\r\n${good[0]}\r\n\r\n${good[2]}\r\n`);
    const { spans } = await readAll([file]);
    expect(spans.map((s) => s.origin.line)).toEqual([2, 2, 4]);
  });

  it('reports a truncated gzip stream as malformed at the line where it broke', async () => {
    const file = join(tmp(), 'cut.jsonl.gz');
    const zipped = gzipSync(readFileSync(join(FIXTURES, 'collector.jsonl')));
    writeFileSync(file, zipped.subarray(0, zipped.length - 30));
    const { stats } = await readAll([file], { onMalformed: 'skip' });
    expect(stats.malformed).toBe(1);
    expect(stats.problems[0]?.message).toMatch(/gzip data (ends early|is corrupt)/);
  });

  it.each([
    ['a missing file', (dir: string) => join(dir, 'nope.jsonl'), 'no such file or folder'],
    [
      'a folder without recordings',
      (dir: string) => dir,
      'folder holds no recording files (*.jsonl)',
    ],
    [
      'a zstd file',
      (dir: string) => {
        const f = join(dir, 'x.jsonl.zst');
        writeFileSync(f, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0]));
        return f;
      },
      "zstd-compressed (the Collector file exporter's compression): decompress with `zstd -d` first",
    ],
  ])('refuses %s as unreadable', (_what, make, message) => {
    const path = make(tmp());
    expect(() => new RecordingReader([path])).toThrow(
      new RecordingReadError('unreadable', path, 0, message),
    );
  });

  it('reports progress in bytes up to the total size', async () => {
    const dir = tmp();
    const [file = ''] = writeRecording(dir, TRACES);
    const seen: number[] = [];
    const reader = new RecordingReader([file], { onProgress: (s) => seen.push(s.bytesRead) });
    for await (const _span of reader) void _span;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(reader.stats.totalBytes);
  });
});
