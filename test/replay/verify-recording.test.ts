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
    expect(await both(files)).toEqual({ ok: true, lines: 4 });
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
    expect(await both([gz])).toEqual({ ok: true, lines: 4 });
    // A folder is read in write order: the .jsonl, then its .gz copy, whose chain restarts.
    expect(await verifyRecordingFiles([dir])).toMatchObject({
      ok: false,
      lines: 4,
      problem: { kind: 'reordered', file: gz, line: 1 },
    });
  });

  it('refuse an unreadable path', async () => {
    await expect(verifyRecordingFiles(['/no/such/file.jsonl'])).rejects.toBeInstanceOf(
      RecordingReadError,
    );
  });
});
