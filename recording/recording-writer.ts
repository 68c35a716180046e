import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  chainFlags,
  formatRecordingChain,
  formatRecordingHead,
  RECORDING_CHAIN_ATTRIBUTE,
  RECORDING_CHAIN_GENESIS,
  recordingChainHashV2,
  signChainText,
} from './recording-chain.js';
import type { ChainFields, ChainMode } from './recording-chain.js';
import { pruneRecordings } from './recording-retention.js';
import { redactedSpans } from './redacted-span.js';

/** Options of {@link RecordingWriter}. */
export interface RecordingWriterOptions {
  /** Folder of the recordings. @default '.agc/recordings' */
  readonly dir: string;
  /** Service name, the file name prefix. */
  readonly service: string;
  /** Size after which a new file is started (the chain continues). @default 64 MiB */
  readonly maxBytes?: number;
  /**
   * Bytes all of this service's recording files in `dir` may take: after each rotation the
   * oldest are deleted (with their heads) until the rest fit. The chain of what is left still
   * verifies, from its first line. @default unlimited
   */
  readonly maxTotalBytes?: number;
  /** Age after which a rotated file is deleted, in ms. @default unlimited */
  readonly maxAgeMs?: number;
  /** HMAC key for the chain (`AGC_RECORD_KEY`); plain SHA-256 without it. */
  readonly key?: string;
  /** Ed25519 private key (`AGC_RECORD_SIGNING_KEY`): every line and head is signed with it. */
  readonly signingKey?: KeyObject;
  /** Clock for file names. @default Date.now */
  readonly now?: () => number;
}

/** The chain position of the last line written: what a checkpoint sends out of process. */
export interface ChainCheckpoint {
  readonly run: string;
  readonly seq: number;
  readonly hash: string;
  readonly mode: ChainMode;
  readonly sig?: string;
  readonly file: string;
}

const PREFIX = Buffer.from('{"resourceSpans":[{"resource":{"attributes":[');
const NEWLINE = Buffer.from('\n');
const EMPTY_PAYLOAD = Buffer.from(
  '{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[]}]}',
);

/**
 * Writes spans as OTLP/JSON lines: each line one `ExportTraceServiceRequest` in the encoding of
 * OTel's own JSON serializer (what the Collector's file exporter writes too), plus the v2 hash
 * chain of `recording-chain.ts`. Every attribute is redacted on the way ({@link redactedSpans}),
 * whoever set it. The serializer's bytes are hashed and written as they are, with the chain
 * attribute spliced in front of the first resource's attributes (no parse/stringify round trip).
 *
 * Writes are synchronous so a line is on disk when `write` returns. A failed or short write
 * (a full disk) is cut back off the file, so no partial line is ever left; the chain resumes
 * with the next line that fits, which carries `gap=N` for the spans lost. The `.head` sidecar
 * is replaced atomically (write, then rename). {@link close} writes a `close` line: a
 * recording without one ended abruptly (a kill), which `agc verify` says.
 */
export class RecordingWriter {
  private _fd: number | undefined;
  private _path = '';
  private _bytes = 0;
  private _seq = 0;
  private _prev = RECORDING_CHAIN_GENESIS;
  private _lost = 0;
  private _closed = false;
  private _lastStampMs = 0;
  private _checkpoint: ChainCheckpoint | undefined;
  private readonly _files: string[] = [];
  private readonly _maxBytes: number;
  private readonly _now: () => number;
  private readonly _mode: ChainMode;
  /** This run's chain id. */
  readonly run: string;

  constructor(private readonly _options: RecordingWriterOptions) {
    this._maxBytes = _options.maxBytes ?? 64 * 1024 * 1024;
    this._now = _options.now ?? Date.now;
    this._mode = _options.key !== undefined ? 'hmac' : 'sha256';
    this.run = randomBytes(8).toString('hex');
  }

  /** The file being written (empty before the first write). */
  get path(): string {
    return this._path;
  }

  /** Every file written, oldest first (pruned ones included). */
  get files(): readonly string[] {
    return this._files;
  }

  /** The last line written: run, seq, hash (and signature), for checkpoints. */
  get checkpoint(): ChainCheckpoint | undefined {
    return this._checkpoint;
  }

  /** Spans lost to failed writes since the last line that was written. */
  get lost(): number {
    return this._lost;
  }

  /**
   * Writes SPANS as one line. Throws on I/O errors (the processor counts them); the spans are
   * then lost, the file is left as it was, and the next line records the gap.
   */
  write(spans: readonly ReadableSpan[]): void {
    if (spans.length === 0 || this._closed) return;
    const bytes = JsonTraceSerializer.serializeRequest(redactedSpans(spans));
    if (bytes === undefined) return;
    const payload = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    try {
      this._append(payload, false);
    } catch (error) {
      this._lost += spans.length;
      throw error;
    }
  }

  /**
   * Writes the `close` line (when anything was written) and closes the file. Idempotent; never
   * throws — a close line that cannot be written leaves the recording "ended without a clean
   * close", which is then the truth.
   */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    try {
      if (this._fd !== undefined || this._lost > 0) this._append(EMPTY_PAYLOAD, true);
    } catch {
      // See above: the missing close line says it.
    }
    if (this._fd !== undefined) {
      try {
        closeSync(this._fd);
      } catch {
        // Nothing more to do.
      }
    }
    this._fd = undefined;
  }

  private _append(payload: Buffer, close: boolean): void {
    const fields: ChainFields = {
      mode: this._mode,
      run: this.run,
      seq: this._seq,
      prev: this._prev,
      flags: chainFlags(this._lost, close),
    };
    const line = this._line(payload, fields);
    // The small close line stays with the last file rather than starting one of its own.
    const full = !close && this._bytes > 0 && this._bytes + line.length > this._maxBytes;
    if (this._fd === undefined || full) this._rotate();
    const fd = this._fd as number;
    const start = this._bytes;
    try {
      writeAll(fd, line);
    } catch (error) {
      cutBack(fd, start);
      throw error;
    }
    this._bytes += line.length;
    this._prev = line.hash;
    this._seq++;
    this._lost = 0;
    this._checkpoint = {
      run: this.run,
      seq: fields.seq,
      hash: line.hash,
      mode: this._mode,
      ...(line.sig !== undefined && { sig: line.sig }),
      file: this._path,
    };
    this._writeHead(fields.seq, line.hash);
  }

  /** The line bytes for PAYLOAD (the serializer's output) with FIELDS, and its hash. */
  private _line(payload: Buffer, fields: ChainFields): Buffer & { hash: string; sig?: string } {
    const hash = recordingChainHashV2(fields, payload, this._options.key);
    const sig = this._options.signingKey
      ? signChainText(hash, this._options.signingKey)
      : undefined;
    const attribute = `{"key":"${RECORDING_CHAIN_ATTRIBUTE}","value":{"stringValue":"${formatRecordingChain(fields, hash, sig)}"}}`;
    let line: Buffer;
    if (payload.subarray(0, PREFIX.length).equals(PREFIX)) {
      const rest = payload.subarray(PREFIX.length);
      const comma = rest[0] === 0x5d /* ] */ ? '' : ',';
      line = Buffer.concat([PREFIX, Buffer.from(attribute + comma), rest, NEWLINE]);
    } else {
      // Not the serializer's usual shape (no resource attributes first): the slow, sure way.
      const request = JSON.parse(payload.toString('utf8')) as {
        resourceSpans?: { resource?: { attributes?: unknown[] } }[];
      };
      const first = (request.resourceSpans ??= [{}])[0] ?? {};
      ((first.resource ??= {}).attributes ??= []).unshift(JSON.parse(attribute));
      line = Buffer.from(`${JSON.stringify(request)}\n`);
    }
    return Object.assign(line, { hash, ...(sig !== undefined && { sig }) });
  }

  private _writeHead(seq: number, hash: string): void {
    const head = `${this._path}.head`;
    const text = formatRecordingHead(
      { mode: this._mode, run: this.run, seq, hash },
      this._options.key,
      this._options.signingKey,
    );
    try {
      writeFileSync(`${head}.tmp`, text);
      renameSync(`${head}.tmp`, head);
    } catch {
      // The head stays at an earlier line of this file, which verifies as such; the line is
      // written. (A full disk: the next write fails too and is counted.)
    }
  }

  private _rotate(): void {
    if (this._fd !== undefined) closeSync(this._fd);
    this._fd = undefined;
    mkdirSync(this._options.dir, { recursive: true });
    // File names sort in chain order: a rotation within the same millisecond (or an existing
    // file) moves the stamp forward rather than adding a suffix that would sort first.
    const service = serviceStem(this._options.service);
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
    this._bytes = fstatSync(this._fd).size;
    this._files.push(path);
    if (this._options.maxTotalBytes !== undefined || this._options.maxAgeMs !== undefined) {
      pruneRecordings(this._options.dir, service, {
        keep: path,
        now: this._now(),
        ...(this._options.maxTotalBytes !== undefined && {
          maxTotalBytes: this._options.maxTotalBytes,
        }),
        ...(this._options.maxAgeMs !== undefined && { maxAgeMs: this._options.maxAgeMs }),
      });
    }
  }
}

/** The file name prefix of SERVICE's recordings. */
export function serviceStem(service: string): string {
  return service.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Writes all of DATA, through short writes. */
function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    const written = writeSync(fd, data, offset, data.length - offset);
    if (written <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    offset += written;
  }
}

/** Cuts FD back to SIZE after a failed write: no partial line stays in the file. */
function cutBack(fd: number, size: number): void {
  try {
    ftruncateSync(fd, size);
  } catch {
    // Shrinking needs no space; if even this fails the verifier reports the cut line.
  }
}
