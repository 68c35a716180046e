import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { OtlpShapeError, decodeTraceRequest } from './otlp-json.js';
import { ioMessage, resolveRecordingFiles } from './recording-files.js';
import { RecordingReadError } from './recording-read-error.js';
import type { RecordedSpan } from './types.js';

/**
 * Reads every span of recordings at once, synchronously: for start-up (`AGC_REPLAY` loads its
 * cassette before the app's first call), where a streaming reader cannot be awaited. Same files,
 * same decoding and same errors as {@link RecordingReader}; meant for one run's recording, not
 * for large archives (those stream).
 *
 * @throws {@link RecordingReadError}: `unreadable` for a missing path or a folder without
 *   recordings, `malformed` naming the file and line of the first bad line.
 */
export function readRecordingSync(paths: readonly string[]): RecordedSpan[] {
  const spans: RecordedSpan[] = [];
  for (const file of resolveRecordingFiles(paths)) {
    let text: string;
    try {
      const raw = readFileSync(file.path);
      text = (file.compression === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    } catch (error) {
      throw new RecordingReadError('unreadable', file.path, 0, ioMessage(error));
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.trim() === '') continue;
      const origin = { file: file.path, line: i + 1 };
      let request: unknown;
      try {
        request = JSON.parse(line);
      } catch (error) {
        const why =
          i === lines.length - 1 ? 'the last line is cut short' : (error as Error).message;
        throw new RecordingReadError('malformed', file.path, i + 1, `not valid JSON (${why})`);
      }
      try {
        for (const span of decodeTraceRequest(request, origin) ?? []) spans.push(span);
      } catch (error) {
        if (!(error instanceof OtlpShapeError)) throw error;
        throw new RecordingReadError('malformed', file.path, i + 1, error.message);
      }
    }
  }
  return spans;
}
