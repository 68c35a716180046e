import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { RecordingReadError } from './recording-read-error.js';

/** How a recording file is compressed, from its first bytes (not its name). */
export type Compression = 'none' | 'gzip';

/** One input file, resolved and sized. */
export interface RecordingFile {
  readonly path: string;
  readonly size: number;
  readonly compression: Compression;
}

/** File names taken from a folder: recordings and Collector file-exporter output. */
const RECORDING_NAME = /\.(jsonl|json|ndjson)(\.gz)?$/;

/**
 * Resolves the paths a user gave: a file is taken as is; a folder contributes its recording
 * files (`*.jsonl`, `*.json`, `*.ndjson`, optionally `.gz`) in write order: by name, with a
 * numeric `-N` suffix after the base name (the recorder's rotation within one millisecond)
 * sorting after the base and numerically. Sniffs gzip by its magic bytes.
 *
 * @throws {@link RecordingReadError} (`unreadable`) for a missing path, a folder without
 * recordings, or a zstd file (Node cannot decompress it; `zstd -d` first).
 */
export function resolveRecordingFiles(paths: readonly string[]): RecordingFile[] {
  if (paths.length === 0)
    throw new RecordingReadError('unreadable', '(none)', 0, 'no recording given');
  const files: RecordingFile[] = [];
  for (const path of paths) {
    const stat = statOrThrow(path);
    if (!stat.isDirectory()) {
      files.push(describe(path, stat.size));
      continue;
    }
    const names = readdirSync(path)
      .filter((name) => RECORDING_NAME.test(name))
      .sort(byWriteOrder);
    if (names.length === 0) {
      throw new RecordingReadError(
        'unreadable',
        path,
        0,
        'folder holds no recording files (*.jsonl)',
      );
    }
    for (const name of names) {
      const file = join(path, name);
      files.push(describe(file, statOrThrow(file).size));
    }
  }
  return files;
}

/** Orders `x.jsonl`, `x-1.jsonl`, `x-2.jsonl`, `x-10.jsonl`, then `y.jsonl`. */
function byWriteOrder(a: string, b: string): number {
  const ka = writeKey(a);
  const kb = writeKey(b);
  if (ka.stem !== kb.stem) return ka.stem < kb.stem ? -1 : 1;
  return ka.n - kb.n || (a < b ? -1 : a > b ? 1 : 0);
}

function writeKey(name: string): { stem: string; n: number } {
  const stem = name.replace(RECORDING_NAME, '');
  const match = /^(.*)-(\d+)$/.exec(stem);
  return match && /Z$/.test(match[1] ?? '')
    ? { stem: match[1] ?? '', n: Number(match[2]) }
    : { stem, n: 0 };
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    throw new RecordingReadError('unreadable', path, 0, ioMessage(error));
  }
}

function describe(path: string, size: number): RecordingFile {
  const head = Buffer.alloc(4);
  const read = readHead(path, head);
  if (read >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { path, size, compression: 'gzip' };
  if (read === 4 && head.readUInt32LE(0) === 0xfd2fb528) {
    throw new RecordingReadError(
      'unreadable',
      path,
      0,
      "zstd-compressed (the Collector file exporter's compression): decompress with `zstd -d` first",
    );
  }
  return { path, size, compression: 'none' };
}

function readHead(path: string, head: Buffer): number {
  try {
    const fd = openSync(path, 'r');
    try {
      return readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new RecordingReadError('unreadable', path, 0, ioMessage(error));
  }
}

/** A short message for a file-system error. */
export function ioMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}
