import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  RECORDING_CHAIN_ATTRIBUTE,
  RECORDING_CHAIN_GENESIS,
  RECORDING_CHAIN_VERSION,
  recordingChainHash,
} from './recording-chain.js';
import { redactedSpans } from './redacted-span.js';

/** Options of {@link RecordingWriter}. */
export interface RecordingWriterOptions {
  /** Folder of the recordings. @default '.agc/recordings' */
  readonly dir: string;
  /** Service name, the file name prefix. */
  readonly service: string;
  /** Size after which a new file is started (the chain continues). @default 64 MiB */
  readonly maxBytes?: number;
  /** HMAC key for the chain (`AGC_RECORD_KEY`); plain SHA-256 without it. */
  readonly key?: string;
  /** Clock for file names. @default Date.now */
  readonly now?: () => number;
}

type OtlpRequest = { resourceSpans?: { resource?: { attributes?: unknown[] } }[] };

/**
 * Writes spans as OTLP/JSON lines: each line one `ExportTraceServiceRequest` in the encoding of
 * OTel's own JSON serializer (what the Collector's file exporter writes too), plus the hash
 * chain of `conventions/recording-chain.ts`. Every attribute is redacted on the way
 * ({@link redactedSpans}), whoever set it. Writes are synchronous so a line is on disk when
 * `write` returns: a flight recorder must not lose the last calls when the process dies.
 */
export class RecordingWriter {
  private _fd: number | undefined;
  private _path = '';
  private _bytes = 0;
  private _seq = 0;
  private _prev = RECORDING_CHAIN_GENESIS;
  private _lastStampMs = 0;
  private readonly _files: string[] = [];
  private readonly _maxBytes: number;
  private readonly _now: () => number;

  constructor(private readonly _options: RecordingWriterOptions) {
    this._maxBytes = _options.maxBytes ?? 64 * 1024 * 1024;
    this._now = _options.now ?? Date.now;
  }

  /** The file being written (empty before the first write). */
  get path(): string {
    return this._path;
  }

  /** Every file written, oldest first. */
  get files(): readonly string[] {
    return this._files;
  }

  /** Writes SPANS as one line. Throws on I/O errors (the processor counts them). */
  write(spans: readonly ReadableSpan[]): void {
    if (spans.length === 0) return;
    const request = JSON.parse(
      new TextDecoder().decode(JsonTraceSerializer.serializeRequest(redactedSpans(spans))),
    ) as OtlpRequest;
    const first = request.resourceSpans?.[0];
    if (first === undefined) return;
    const resource = (first.resource ??= {});
    const attributes = (resource.attributes ??= []);
    const payload = JSON.stringify(request);
    const hash = recordingChainHash(this._prev, this._seq, payload, this._options.key);
    attributes.push({
      key: RECORDING_CHAIN_ATTRIBUTE,
      value: { stringValue: `${RECORDING_CHAIN_VERSION}:${this._seq}:${this._prev}:${hash}` },
    });
    const line = `${JSON.stringify(request)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this._fd === undefined || (this._bytes > 0 && this._bytes + bytes > this._maxBytes))
      this._rotate();
    writeSync(this._fd as number, line);
    this._bytes += bytes;
    writeFileSync(`${this._path}.head`, `${RECORDING_CHAIN_VERSION}:${this._seq}:${hash}\n`);
    this._prev = hash;
    this._seq++;
  }

  /** Closes the current file. Idempotent. */
  close(): void {
    if (this._fd !== undefined) closeSync(this._fd);
    this._fd = undefined;
  }

  private _rotate(): void {
    this.close();
    mkdirSync(this._options.dir, { recursive: true });
    // File names sort in chain order: a rotation within the same millisecond (or an existing
    // file) moves the stamp forward rather than adding a suffix that would sort first.
    const service = this._options.service.replace(/[^A-Za-z0-9_.-]/g, '_');
    let time = Math.max(this._now(), this._lastStampMs + 1);
    const name = (t: number): string =>
      join(
        this._options.dir,
        `${service}-${new Date(t).toISOString().replace(/[:.]/g, '-')}.jsonl`,
      );
    while (existsSync(name(time))) time++;
    this._lastStampMs = time;
    const path = name(time);
    this._fd = openSync(path, 'a');
    this._path = path;
    this._bytes = 0;
    this._files.push(path);
  }
}
