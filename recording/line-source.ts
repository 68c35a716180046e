import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { RecordingFile } from './recording-files.js';
import { ioMessage } from './recording-files.js';
import { RecordingReadError } from './recording-read-error.js';

/** One line of a recording. */
export interface SourceLine {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** The line without its newline (and without a trailing CR). Empty when `tooLong`. */
  readonly text: string;
  /** False for a last line that does not end with a newline (a cut-short write). */
  readonly terminated: boolean;
  /** The line exceeded `maxLineBytes` and was dropped unread. */
  readonly tooLong?: boolean;
  /** The file's data ended in error here (corrupt or truncated gzip); `text` is empty. */
  readonly broken?: string;
}

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /**
   * Longest line kept in memory; a longer one is reported `tooLong` and skipped, so one bad
   * line cannot exhaust memory. @default 256 MiB
   */
  readonly maxLineBytes?: number;
  /** Called with the number of bytes read from disk (compressed bytes for gzip) per chunk. */
  readonly onBytes?: (bytes: number) => void;
  /** Read chunk size. @default 1 MiB */
  readonly chunkBytes?: number;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Streams the lines of FILES in order, decompressing gzip, with memory bounded by the chunk size
 * plus the longest line. Blank lines are yielded too (callers skip them) so line numbers match
 * an editor's.
 *
 * @throws {@link RecordingReadError} (`unreadable`) when a file cannot be opened.
 */
export async function* readLines(
  files: readonly RecordingFile[],
  options: ReadLinesOptions = {},
): AsyncGenerator<SourceLine> {
  const maxLine = options.maxLineBytes ?? 256 * 1024 * 1024;
  for (const file of files) {
    const raw = createReadStream(file.path, { highWaterMark: options.chunkBytes ?? 1024 * 1024 });
    const onBytes = options.onBytes;
    if (onBytes) raw.on('data', (chunk: string | Buffer) => onBytes(chunk.length));
    let stream: Readable = raw;
    if (file.compression === 'gzip') {
      const gunzip = createGunzip();
      raw.on('error', (error) => gunzip.destroy(error));
      stream = raw.pipe(gunzip);
    }
    let parts: Buffer[] = [];
    let pending = 0;
    let skipping = false;
    let line = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        let start = 0;
        for (;;) {
          const nl = chunk.indexOf(NEWLINE, start);
          if (nl < 0) break;
          line++;
          if (skipping || pending + (nl - start) > maxLine) {
            yield { file: file.path, line, text: '', terminated: true, tooLong: true };
          } else {
            yield {
              file: file.path,
              line,
              text: decode(parts, chunk, start, nl),
              terminated: true,
            };
          }
          parts = [];
          pending = 0;
          skipping = false;
          start = nl + 1;
        }
        if (start < chunk.length && !skipping) {
          pending += chunk.length - start;
          if (pending > maxLine) {
            skipping = true;
            parts = [];
          } else parts.push(start === 0 ? chunk : chunk.subarray(start));
        }
      }
    } catch (error) {
      if (line === 0 && parts.length === 0 && isOpenError(error)) {
        throw new RecordingReadError('unreadable', file.path, 0, ioMessage(error));
      }
      yield {
        file: file.path,
        line: line + 1,
        text: '',
        terminated: false,
        broken: dataMessage(error),
      };
      continue;
    }
    if (skipping)
      yield { file: file.path, line: line + 1, text: '', terminated: false, tooLong: true };
    else if (pending > 0) {
      const text = decode(parts, Buffer.alloc(0), 0, 0);
      yield { file: file.path, line: line + 1, text, terminated: false };
    }
  }
}

function decode(parts: readonly Buffer[], chunk: Buffer, start: number, end: number): string {
  let stop = end;
  if (parts.length === 0) {
    if (stop > start && chunk[stop - 1] === CR) stop--;
    return chunk.toString('utf8', start, stop);
  }
  const whole = Buffer.concat([...parts, chunk.subarray(start, end)]);
  const last = whole.length > 0 && whole[whole.length - 1] === CR ? whole.length - 1 : whole.length;
  return whole.toString('utf8', 0, last);
}

function isOpenError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR';
}

function dataMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'Z_BUF_ERROR') return 'gzip data ends early (truncated file)';
  if (code === 'Z_DATA_ERROR') return 'gzip data is corrupt';
  return `cannot read: ${ioMessage(error)}`;
}
