import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ChainVerifier } from './chain-verifier.js';
import type {
  ChainCheckOptions,
  ChainProblem,
  ChainRun,
  CheckpointResult,
} from './chain-verifier.js';
import type { Checkpoints } from './recording-checkpoint.js';
import { readLines } from './line-source.js';
import { resolveRecordingFiles } from './recording-files.js';
import type { ReadStats } from './types.js';

/** What {@link verifyRecording} found. */
export interface VerifyResult {
  /** True when every line checks out and the file ends where its head says. */
  readonly ok: boolean;
  /** Lines checked. */
  readonly lines: number;
  /** The first problem, if any: where and what. */
  readonly problem?: ChainProblem;
  /** Each run's chain on its own (a folder holds one per process run), in file order. */
  readonly runs: readonly ChainRun[];
  /** With checkpoints given: how the recording compared with them. */
  readonly checkpoints?: CheckpointResult;
}

/**
 * Checks the hash chain of one or more recording files (in order: rotated files continue the
 * chain, a file that starts a new chain starts a new run, checked on its own). Reports each
 * run's first modified, deleted, reordered or truncated line, and the first of all. With KEY, checks the
 * HMAC chain written with `AGC_RECORD_KEY`. Reads each file whole (gzip too); for large files
 * prefer the streaming {@link verifyRecordingFiles}.
 *
 * @throws the file system's error when a file cannot be read.
 */
export function verifyRecording(
  files: readonly string[],
  keys?: string | ChainCheckOptions,
): VerifyResult {
  const verifier = new ChainVerifier(keys);
  for (const file of files) {
    verifier.startFile(file, readHead(file));
    const raw = readFileSync(file);
    const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
    const all = text.split('\n');
    const trailing = all.pop();
    let stopped = false;
    for (let i = 0; i < all.length && !stopped; i++) {
      stopped = verifier.line(file, i + 1, all[i] ?? '') !== undefined || verifier.skipping;
    }
    if (stopped) continue;
    if (trailing !== undefined && trailing !== '') {
      verifier.report(truncatedAt(file, all.length + 1));
      continue;
    }
    verifier.endFile(file, all.length + 1);
  }
  return verifier.result();
}

/** Options of {@link verifyRecordingFiles}. */
export interface VerifyFilesOptions {
  /** HMAC key (`AGC_RECORD_KEY`). */
  readonly key?: string;
  /** Ed25519 public key: every v2 line and head must be signed with its private key. */
  readonly publicKey?: KeyObject;
  /** Checkpoints exported out of process (`readCheckpoints`) to check the recording against. */
  readonly checkpoints?: Checkpoints;
  /** Called with byte counters while reading (for a progress bar). */
  readonly onProgress?: (stats: Readonly<ReadStats>) => void;
}

/**
 * {@link verifyRecording}, streaming: files or folders (see `resolveRecordingFiles`), plain or
 * gzip, with memory bounded by one line. Same checks, same result.
 *
 * @throws {@link RecordingReadError} (`unreadable`) when a path cannot be read.
 */
export async function verifyRecordingFiles(
  paths: readonly string[],
  options: VerifyFilesOptions = {},
): Promise<VerifyResult> {
  const files = resolveRecordingFiles(paths);
  const stats: ReadStats = {
    files: files.length,
    bytesRead: 0,
    totalBytes: files.reduce((n, f) => n + f.size, 0),
    lines: 0,
    spans: 0,
    ignored: 0,
    malformed: 0,
    problems: [],
  };
  const verifier = new ChainVerifier({
    ...(options.key !== undefined && { key: options.key }),
    ...(options.publicKey !== undefined && { publicKey: options.publicKey }),
    ...(options.checkpoints !== undefined && { checkpoints: options.checkpoints }),
  });
  for (const file of files) {
    verifier.startFile(file.path, readHead(file.path));
    let next = 1;
    let stopped = false;
    const lines = readLines([file], {
      onBytes: (bytes) => {
        stats.bytesRead += bytes;
        options.onProgress?.(stats);
      },
    });
    for await (const line of lines) {
      next = line.line + 1;
      stats.lines++;
      const problem = lineProblem(file.path, line);
      if (problem !== undefined) verifier.report(problem);
      stopped =
        problem !== undefined ||
        verifier.line(file.path, line.line, line.text) !== undefined ||
        verifier.skipping;
      if (stopped) break;
    }
    if (!stopped) verifier.endFile(file.path, next);
  }
  return verifier.result();
}

/** A problem the line reader itself found: a cut, unterminated or overlong line. */
function lineProblem(
  file: string,
  line: { line: number; broken?: string; terminated: boolean; tooLong?: boolean },
): ChainProblem | undefined {
  if (line.broken !== undefined) {
    return { file, line: line.line, kind: 'truncated', message: line.broken };
  }
  if (!line.terminated) return truncatedAt(file, line.line);
  if (line.tooLong === true) {
    return { file, line: line.line, kind: 'malformed', message: 'line too long' };
  }
  return undefined;
}

function readHead(file: string): string | undefined {
  const candidates = file.endsWith('.gz')
    ? [`${file}.head`, `${file.slice(0, -3)}.head`]
    : [`${file}.head`];
  for (const head of candidates) if (existsSync(head)) return readFileSync(head, 'utf8');
  return undefined;
}

function truncatedAt(file: string, line: number): ChainProblem {
  return { file, line, kind: 'truncated', message: 'the last line is cut short (no newline)' };
}
