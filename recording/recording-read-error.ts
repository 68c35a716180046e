/** Why a recording could not be read. */
export type RecordingReadErrorKind = 'malformed' | 'unreadable';

/**
 * Thrown by the recording readers. `malformed`: a line is not OTLP/JSON traces (the message
 * names file and line; the CLI exits 1). `unreadable`: a file cannot be opened or decoded at
 * all (missing, a folder without recordings, zstd; the CLI exits 2).
 */
export class RecordingReadError extends Error {
  constructor(
    readonly kind: RecordingReadErrorKind,
    /** The file involved. */
    readonly file: string,
    /** 1-based line for `malformed`; 0 when the whole file is at fault. */
    readonly line: number,
    /** What is wrong, without the location. */
    readonly detail: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
    this.name = 'RecordingReadError';
  }
}
