import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { formatRecordingHead, RecordingWriter } from '../../recording/index.js';
import type { RecordingWriterOptions } from '../../recording/index.js';
import { verifyRecording, verifyRecordingFiles } from '../../replay/index.js';
import { recordingFiles } from '../helpers/recording.js';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
}).getTracer('t');

function spans(n: number): ReadableSpan[] {
  exporter.reset();
  for (let i = 0; i < n; i++) tracer.startSpan(`execute_tool t${i}`, { attributes: { i } }).end();
  return [...exporter.getFinishedSpans()];
}

/** Writes LINES lines of 2 spans; closes unless KILLED (a kill -9 writes no close line). */
function record(
  options: Partial<RecordingWriterOptions> = {},
  lines = 4,
  killed = false,
): { dir: string; files: string[]; writer: RecordingWriter } {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'agc-tamper-'));
  const writer = new RecordingWriter({ dir, service: 'svc', ...options });
  for (let i = 0; i < lines; i++) writer.write(spans(2));
  if (!killed) writer.close();
  return { dir, files: recordingFiles(dir), writer };
}

function cutLastLines(file: string, n: number): void {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  writeFileSync(file, `${lines.slice(0, -n).join('\n')}\n`);
}

describe('the end of a recording cannot be cut unnoticed', () => {
  it('plain: a cut tail with a rebuilt head is no longer "intact": it ends without a clean close', () => {
    const { files, writer } = record();
    const file = files[0] ?? '';
    const before = verifyRecording(files);
    expect(before.runs[0]).toMatchObject({ ok: true, closed: true });
    cutLastLines(file, 2); // the close line and the last span line
    // The attacker rebuilds the head for the new last line (plain: anyone can).
    const last = readFileSync(file, 'utf8').trimEnd().split('\n').at(-1) ?? '';
    const link = /"v2:sha256:[0-9a-f]+:(\d+):[0-9a-f]{64}:[^:]+:([0-9a-f]{64})/.exec(last);
    writeFileSync(
      `${file}.head`,
      formatRecordingHead({
        mode: 'sha256',
        run: writer.run,
        seq: Number(link?.[1]),
        hash: link?.[2] ?? '',
      }),
    );
    const after = verifyRecording(files);
    expect(after.ok).toBe(true); // every line present is genuine...
    expect(after.runs[0]).toMatchObject({ closed: false, endConfirmed: false }); // ...but the end is open
  });

  it('keyed: a cut tail with a rebuilt (or deleted) head is found; a kill -9 is told apart', () => {
    const { files, writer } = record({ key: 'k' });
    const file = files[0] ?? '';
    cutLastLines(file, 2);
    const last = readFileSync(file, 'utf8').trimEnd().split('\n').at(-1) ?? '';
    const link = /"v2:hmac:[0-9a-f]+:(\d+):[0-9a-f]{64}:[^:]+:([0-9a-f]{64})/.exec(last);
    const seq = Number(link?.[1]);
    const hash = link?.[2] ?? '';
    // Without the key the attacker cannot authenticate the head.
    writeFileSync(
      `${file}.head`,
      formatRecordingHead({ mode: 'hmac', run: writer.run, seq, hash }, 'guess'),
    );
    expect(verifyRecording(files, 'k').problem).toMatchObject({ kind: 'truncated' });
    unlinkSync(`${file}.head`);
    expect(verifyRecording(files, 'k').runs[0]).toMatchObject({
      ok: true,
      closed: false,
      endConfirmed: false,
    });
    // A process killed after its last write: no close line, but the authenticated head confirms it.
    const killed = record({ key: 'k' }, 3, true);
    expect(verifyRecording(killed.files, 'k').runs[0]).toMatchObject({
      ok: true,
      closed: false,
      endConfirmed: true,
      lines: 3,
    });
  });

  it('the head is replaced atomically: only the head and no temporary file is left', () => {
    const { dir } = record({}, 3);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the mode is recorded and enforced', () => {
  it('a keyed recording re-chained as plain is refused by a verifier holding the key', () => {
    // The attacker rewrites the content and re-chains it without the key.
    const forged = record({});
    expect(verifyRecording(forged.files).ok).toBe(true);
    expect(verifyRecording(forged.files, 'k').problem).toMatchObject({
      kind: 'downgraded',
      line: 1,
    });
  });

  it('without the key a keyed recording is not "intact": a key is needed', () => {
    const { files } = record({ key: 'k' });
    expect(verifyRecording(files).problem).toMatchObject({ kind: 'key-needed' });
  });
});

describe('Ed25519 signatures: a verifier needs only the public key', () => {
  const pair = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');

  it('signed lines and head verify with the public key, a kill -9 end is confirmed', async () => {
    const { files } = record({ signingKey: pair.privateKey }, 3, true);
    const result = await verifyRecordingFiles(files, { publicKey: pair.publicKey });
    expect(result.ok).toBe(true);
    expect(result.runs[0]).toMatchObject({ signed: true, closed: false, endConfirmed: true });
  });

  it('a whole rewrite signed with another key, or an unsigned one, is refused', async () => {
    const rewritten = record({ signingKey: other.privateKey });
    expect(
      (await verifyRecordingFiles(rewritten.files, { publicKey: pair.publicKey })).problem,
    ).toMatchObject({ kind: 'modified', line: 1, message: expect.stringContaining('signature') });
    const unsigned = record({});
    expect(
      (await verifyRecordingFiles(unsigned.files, { publicKey: pair.publicKey })).problem,
    ).toMatchObject({ kind: 'unsigned', line: 1 });
  });
});

describe('retention', () => {
  it('AGC_RECORD_MAX_TOTAL_BYTES deletes the oldest files; what is left verifies from its first line', () => {
    const { dir, writer } = record({ maxBytes: 2048, maxTotalBytes: 8192 }, 40);
    const left = recordingFiles(dir);
    expect(writer.files.length).toBeGreaterThan(left.length); // some were deleted
    const total = left.reduce((n, f) => n + readFileSync(f).length, 0);
    expect(total).toBeLessThanOrEqual(8192 + 2048);
    const heads = readdirSync(dir).filter((n) => n.endsWith('.head'));
    expect(heads).toHaveLength(left.length); // deleted files take their heads with them
    const result = verifyRecording(left);
    expect(result.ok).toBe(true);
    expect(result.runs).toHaveLength(1);
    expect(result.runs[0]?.startsAt).toBeGreaterThan(0);
    expect(result.runs[0]?.closed).toBe(true);
  });
});

/** A 64 KiB tmpfs: a real file system that fills up (root only; CI runs as root). */
const mountPoint = mkdtempSync(join(tmpdir(), 'agc-full-disk-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'pipe' });
  mounted = true;
} catch {
  mounted = false;
}
afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

describe.skipIf(!mounted)('a transient full disk (a 64 KiB tmpfs; needs root to mount)', () => {
  it('never leaves a partial line, counts the lost spans in the chain, and resumes a valid chain', () => {
    const dir = join(mountPoint, 'rec');
    mkdirSync(dir);
    const writer = new RecordingWriter({ dir, service: 'svc' });
    writer.write(spans(2));
    // Fill the disk.
    const filler = join(mountPoint, 'filler');
    let size = 0;
    try {
      for (;;) {
        writeFileSync(filler, Buffer.alloc(size + 1024));
        size += 1024;
      }
    } catch {
      // full
    }
    let failed = 0;
    for (let i = 0; i < 20; i++) {
      try {
        writer.write(spans(5));
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
        failed += 5;
      }
    }
    expect(failed).toBeGreaterThan(0);
    unlinkSync(filler); // space returns
    writer.write(spans(2));
    writer.close();
    const [file] = recordingFiles(dir);
    const text = readFileSync(file ?? '', 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.trimEnd().split('\n'))
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    const result = verifyRecording([file ?? '']);
    expect(result.ok).toBe(true);
    expect(result.runs[0]).toMatchObject({ closed: true, lostSpans: failed });
    expect(existsSync(`${file}.head`)).toBe(true);
  });
});
