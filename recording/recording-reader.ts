import { readLines } from './line-source.js';
import { OtlpShapeError, decodeTraceRequest } from './otlp-json.js';
import { resolveRecordingFiles } from './recording-files.js';
import type { RecordingFile } from './recording-files.js';
import { RecordingReadError } from './recording-read-error.js';
import type { ReadStats, RecordedSpan, SourceRef } from './types.js';

/** Options of {@link RecordingReader}. */
export interface RecordingReaderOptions {
  /**
   * What to do with a malformed line: `stop` throws a {@link RecordingReadError} naming file and
   * line; `skip` counts it in `stats` and reads on. @default 'stop'
   */
  readonly onMalformed?: 'stop' | 'skip';
  /** Malformed lines kept in `stats.problems` (all are counted). @default 100 */
  readonly maxProblems?: number;
  /** Longest line read; longer lines are malformed. @default 256 MiB */
  readonly maxLineBytes?: number;
  /** Called after every chunk read from disk, with the live counters. */
  readonly onProgress?: (stats: Readonly<ReadStats>) => void;
}

/** The spans of one recording line. */
export interface SpanBatch {
  readonly origin: SourceRef;
  readonly spans: readonly RecordedSpan[];
}

/**
 * Streams recordings (OTel JS recorder output and the Collector's file exporter, plain or gzip)
 * as spans, one OTLP/JSON line at a time: memory is bounded by one line, whatever the file size.
 * Paths may be files or folders (see {@link resolveRecordingFiles}); files are read in the order
 * given. Iterate it once.
 *
 * @throws {@link RecordingReadError} from the constructor (`unreadable`) and, with
 * `onMalformed: 'stop'`, from iteration (`malformed`).
 */
export class RecordingReader implements AsyncIterable<RecordedSpan> {
  /** The files read, resolved. */
  readonly files: readonly RecordingFile[];
  /** Live counters; final once iteration ends. */
  readonly stats: ReadStats;
  private readonly _options: RecordingReaderOptions;

  constructor(paths: readonly string[], options: RecordingReaderOptions = {}) {
    this._options = options;
    this.files = resolveRecordingFiles(paths);
    this.stats = {
      files: this.files.length,
      bytesRead: 0,
      totalBytes: this.files.reduce((n, f) => n + f.size, 0),
      lines: 0,
      spans: 0,
      ignored: 0,
      malformed: 0,
      problems: [],
    };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordedSpan> {
    for await (const batch of this.batches()) yield* batch.spans;
  }

  /** The spans line by line (what trace grouping needs to know how far it has read). */
  async *batches(): AsyncGenerator<SpanBatch> {
    const stats = this.stats;
    const onProgress = this._options.onProgress;
    const lines = readLines(this.files, {
      ...(this._options.maxLineBytes !== undefined && { maxLineBytes: this._options.maxLineBytes }),
      onBytes: (bytes) => {
        stats.bytesRead += bytes;
        onProgress?.(stats);
      },
    });
    for await (const line of lines) {
      if (line.broken !== undefined) {
        this._malformed(line.file, line.line, line.broken);
        continue;
      }
      if (line.tooLong) {
        this._malformed(line.file, line.line, 'line is longer than maxLineBytes');
        continue;
      }
      if (isBlank(line.text)) continue;
      stats.lines++;
      const origin: SourceRef = { file: line.file, line: line.line };
      let request: unknown;
      try {
        request = JSON.parse(line.text);
      } catch (error) {
        const why = line.terminated ? (error as Error).message : 'the last line is cut short';
        this._malformed(line.file, line.line, `not valid JSON (${why})`);
        continue;
      }
      let spans: RecordedSpan[] | undefined;
      try {
        spans = decodeTraceRequest(request, origin);
      } catch (error) {
        if (!(error instanceof OtlpShapeError)) throw error;
        this._malformed(line.file, line.line, error.message);
        continue;
      }
      if (spans === undefined) {
        stats.ignored++;
        continue;
      }
      stats.spans += spans.length;
      if (spans.length > 0) yield { origin, spans };
    }
  }

  private _malformed(file: string, line: number, message: string): void {
    const stats = this.stats;
    stats.malformed++;
    if (this._options.onMalformed !== 'skip') {
      throw new RecordingReadError('malformed', file, line, message);
    }
    if (stats.problems.length < (this._options.maxProblems ?? 100)) {
      stats.problems.push({ file, line, message });
    }
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
