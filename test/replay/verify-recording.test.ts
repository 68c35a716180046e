import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  it('pass an intact recording, lines counted', async () => {
    const { files } = record();
    expect(await both(files)).toEqual({
      ok: true,
      lines: 4,
      runs: [{ files, lines: 4, ok: true }],
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
    expect((await both(files)).problem).toMatchObject({ kind: 'truncated', line: 4 });
    writeFileSync(file, text.split('\n').slice(0, 2).join('\n') + '\n');
    expect((await both(files)).problem).toMatchObject({
      kind: 'truncated',
      line: 3,
      message: 'the head says the chain ends at line #3, the file ends at #1',
    });
  });

  it('check the HMAC chain with the key it was written with', async () => {
    const { files } = record('secret');
    expect((await both(files, 'secret')).ok).toBe(true);
    expect((await both(files, 'wrong')).problem?.kind).toBe('modified');
  });

  it('read gzip files (and their uncompressed head sidecar) and folders', async () => {
    const { dir, files } = record();
    const file = files[0] ?? '';
    const gz = `${file}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(file)));
    expect(await both([gz])).toMatchObject({
      ok: true,
      lines: 4,
      runs: [{ files: [gz], lines: 4, ok: true }],
    });
    // A folder is read in write order: the .jsonl, then its .gz copy, a chain of its own.
    expect(await verifyRecordingFiles([dir])).toMatchObject({
      ok: true,
      lines: 8,
      runs: [
        { files: [file], ok: true },
        { files: [gz], ok: true },
      ],
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
      expect(await both([...a, ...b])).toEqual({
        ok: true,
        lines: 8,
        runs: [
          { files: a, lines: 4, ok: true },
          { files: b, lines: 4, ok: true },
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
      expect(result.runs[1]).toMatchObject({ files: b, lines: 4 });
    });

    it("still catches a run's deleted first file (the next file does not start a chain)", async () => {
      const { a, b } = folder();
      const result = await both([...a, ...b.slice(1)]);
      expect(result.problem).toMatchObject({ kind: 'deleted', file: b[1], line: 1 });
      expect(result.runs.map((r) => r.ok)).toEqual([true, false]);
    });
  });

  it('refuse an unreadable path', async () => {
    await expect(verifyRecordingFiles(['/no/such/file.jsonl'])).rejects.toBeInstanceOf(
      RecordingReadError,
    );
  });
});
