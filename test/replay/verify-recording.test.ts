import { mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RecordingReadError, verifyRecording, verifyRecordingFiles } from '../../replay/index.js';
import type { VerifyResult } from '../../replay/index.js';
import { T0, writeRecording } from './support/write-recording.js';

const calls = Array.from({ length: 8 }, (_, i) => ({
  tool: 'search',
  startMs: T0 + i * 10,
  args: { q: i },
}));

function record(key?: string): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'agc-verify-'));
  const files = writeRecording(dir, [{ calls }], {
    spansPerLine: 2,
    ...(key !== undefined && { key }),
  });
  return { dir, files };
}

/** Both verifiers on the same files must agree exactly. */
async function both(files: string[], key?: string): Promise<VerifyResult> {
  const sync = verifyRecording(files, key);
  const streamed = await verifyRecordingFiles(files, key !== undefined ? { key } : {});
  expect(streamed).toEqual(sync);
  return sync;
}

describe('verifyRecordingFiles (streaming) and verifyRecording', () => {
  it('pass an intact recording, lines counted (four span lines and the close line)', async () => {
    const { files } = record();
    expect(await both(files)).toEqual({
      ok: true,
      lines: 5,
      runs: [
        {
          files,
          lines: 5,
          ok: true,
          run: expect.stringMatching(/^[0-9a-f]{16}$/),
          mode: 'sha256',
          signed: false,
          closed: true,
          endConfirmed: false,
        },
      ],
    });
  });

  it.each([
    [
      'an edited line',
      (l: string[]) => [l[0], l[1]?.replace('"search"', '"SEARCH"'), l[2], l[3]],
      'modified',
      2,
    ],
    ['a deleted line', (l: string[]) => [l[0], l[2], l[3]], 'deleted', 2],
    ['a repeated line', (l: string[]) => [l[0], l[1], l[1], l[2], l[3]], 'reordered', 3],
    ['a blank line', (l: string[]) => [l[0], '', l[1], l[2], l[3]], 'malformed', 2],
    [
      'a line without the chain',
      (l: string[]) => [l[0], '{"resourceSpans":[]}', l[1], l[2], l[3]],
      'unchained',
      2,
    ],
  ])('find %s', async (_what, edit, kind, line) => {
    const { files } = record();
    const file = files[0] ?? '';
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, `${edit(lines).join('\n')}\n`);
    expect((await both(files)).problem).toMatchObject({ kind, line, file });
  });

  it('find a truncated file: cut mid-line, or ending before its head says', async () => {
    const { files } = record();
    const file = files[0] ?? '';
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, -10));
    expect((await both(files)).problem).toMatchObject({ kind: 'truncated', line: 5 });
    writeFileSync(file, text.split('\n').slice(0, 2).join('\n') + '\n');
    expect((await both(files)).problem).toMatchObject({
      kind: 'truncated',
      line: 3,
      message: 'the head says the chain ends at line #4, the file ends at #1',
    });
  });

  it('check the HMAC chain with the key it was written with, and say when a key is needed', async () => {
    const { files } = record('secret');
    expect((await both(files, 'secret')).ok).toBe(true);
    expect((await both(files, 'secret')).runs[0]).toMatchObject({ mode: 'hmac', closed: true });
    expect((await both(files, 'wrong')).problem?.kind).toBe('modified');
    expect((await both(files)).problem).toMatchObject({ kind: 'key-needed', line: 1 });
  });

  it('read gzip files (and their uncompressed head sidecar) and folders', async () => {
    const { dir, files } = record();
    const file = files[0] ?? '';
    const gz = `${file}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(file)));
    unlinkSync(file); // compressed in place, as a rotated file is
    expect(await both([gz])).toMatchObject({
      ok: true,
      lines: 5,
      runs: [{ files: [gz], lines: 5, ok: true, closed: true }],
    });
    expect(await verifyRecordingFiles([dir])).toMatchObject({
      ok: true,
      lines: 5,
      runs: [{ files: [gz], ok: true }],
    });
  });

  describe("a folder with several runs (the docs' `agc verify .agc/recordings`)", () => {
    function folder(): { dir: string; a: string[]; b: string[] } {
      const dir = mkdtempSync(join(tmpdir(), 'agc-verify-runs-'));
      const a = writeRecording(dir, [{ calls }], { service: 'run-a', spansPerLine: 2 });
      const b = writeRecording(dir, [{ calls }], {
        service: 'run-b',
        spansPerLine: 2,
        maxBytes: 1,
      });
      return { dir, a, b };
    }

    it('verifies each run on its own chain: intact runs are intact', async () => {
      const { dir, a, b } = folder();
      expect(b.length).toBeGreaterThan(1); // run b rotated: its files continue one chain
      expect(await both([...a, ...b])).toMatchObject({
        ok: true,
        lines: 10,
        runs: [
          { files: a, lines: 5, ok: true, closed: true },
          { files: b, lines: 5, ok: true, closed: true },
        ],
      });
      expect((await verifyRecordingFiles([dir])).ok).toBe(true);
    });

    it('a problem in one run does not hide the others, and is reported in its run', async () => {
      const { a, b } = folder();
      const file = a[0] ?? '';
      writeFileSync(file, readFileSync(file, 'utf8').replace('"search"', '"SEARCH"'));
      const result = await both([...a, ...b]);
      expect(result.ok).toBe(false);
      expect(result.problem).toMatchObject({ kind: 'modified', file, line: 1 });
      expect(result.runs.map((r) => r.ok)).toEqual([false, true]);
      expect(result.runs[1]).toMatchObject({ files: b, lines: 5 });
    });

    it("catches a file deleted from the middle of a run, and a run's first files rotated away verify from what is left", async () => {
      const { a, b } = folder();
      const middle = await both([...a, ...b.filter((_, i) => i !== 1)]);
      expect(middle.problem).toMatchObject({ kind: 'deleted', file: b[2], line: 1 });
      expect(middle.runs.map((r) => r.ok)).toEqual([true, false]);
      // Retention deletes the oldest files: the rest is a suffix of the chain that verifies.
      const suffix = await both([...a, ...b.slice(2)]);
      expect(suffix.ok).toBe(true);
      expect(suffix.runs[1]).toMatchObject({ files: b.slice(2), startsAt: 2, closed: true });
    });
  });

  it('refuse an unreadable path', async () => {
    await expect(verifyRecordingFiles(['/no/such/file.jsonl'])).rejects.toBeInstanceOf(
      RecordingReadError,
    );
  });
});
