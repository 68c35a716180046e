import { createHash, createHmac, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * The tamper-evidence format of recordings, shared by the recorder (which writes it) and
 * `agc verify` (which checks it). It lives here, with the names, because both sides must agree
 * on it byte for byte and neither may import the other.
 *
 * Each line is one OTLP/JSON `ExportTraceServiceRequest`. The first resource of the line carries
 * one extra attribute, {@link RECORDING_CHAIN_ATTRIBUTE}. Version 2 (written since 0.2) is
 *
 *     v2:<mode>:<run>:<seq>:<prev>:<flags>:<hash>:<sig>
 *
 * - `mode` is `sha256`, or `hmac` when written with `AGC_RECORD_KEY` — recorded so a keyed
 *   recording re-chained as plain is refused by a verifier that holds the key;
 * - `run` is the writer's random id (each process run is one chain; rotated files continue it);
 * - `seq` counts the run's lines from 0, `prev` is the previous line's hash (64 zeros first);
 * - `flags` is `-`, or a comma list of `close` (the writer closed cleanly: nothing after it was
 *   lost) and `gap=N` (N spans the writer could not write before this line, e.g. a full disk);
 * - `hash` is SHA-256 (or HMAC-SHA-256 with the key) of
 *   `v2\n<mode>\n<run>\n<seq>\n<prev>\n<flags>\n<line without the attribute>`, in hex;
 * - `sig` is `-`, or the base64url Ed25519 signature of `hash` with `AGC_RECORD_SIGNING_KEY`:
 *   a verifier needs only the public key, and one who can rewrite the file cannot sign.
 *
 * Editing, deleting or reordering a line breaks `prev`/`seq`/`hash`. The end of each file is in
 * its `<file>.head` sidecar ({@link formatRecordingHead}), authenticated with the same key and
 * signature, so cutting the tail and rebuilding the head needs the key.
 *
 * Version 1 (`v1:<seq>:<prev>:<hash>`, hash of `prev\nseq\nline`, head `v1:<seq>:<hash>`) is
 * still verified as before.
 */
export const RECORDING_CHAIN_ATTRIBUTE = 'agc.recording.chain';
/** Chain value version prefix written today. */
export const RECORDING_CHAIN_VERSION = 'v2';
/** `prev` of the very first line. */
export const RECORDING_CHAIN_GENESIS = '0'.repeat(64);

/** How a chain's hashes are made: plain SHA-256, or HMAC-SHA-256 with `AGC_RECORD_KEY`. */
export type ChainMode = 'sha256' | 'hmac';

/** One parsed chain attribute value. */
export interface ChainLink {
  readonly version: 1 | 2;
  /** v2 only; v1 links have `sha256` or `hmac` unknown, reported as undefined. */
  readonly mode?: ChainMode;
  /** v2 only. */
  readonly run?: string;
  readonly seq: number;
  readonly prev: string;
  /** v2 only: a clean close. */
  readonly close: boolean;
  /** v2 only: spans lost before this line. */
  readonly gap: number;
  /** v2 only, the flags as written. */
  readonly flags: string;
  readonly hash: string;
  /** v2 only, when signed. */
  readonly sig?: string;
}

/** Hash of one v1 line's payload (the line serialised without the chain attribute). */
export function recordingChainHash(
  prev: string,
  seq: number,
  payload: string,
  key?: string,
): string {
  return digest(`${prev}\n${seq}\n${payload}`, key);
}

/** The v2 link fields that the hash covers. */
export interface ChainFields {
  readonly mode: ChainMode;
  readonly run: string;
  readonly seq: number;
  readonly prev: string;
  readonly flags: string;
}

/** Hash of one v2 line, PAYLOAD as text or its UTF-8 bytes (KEY required for `hmac` mode). */
export function recordingChainHashV2(
  fields: ChainFields,
  payload: string | Uint8Array,
  key?: string,
): string {
  const { mode, run, seq, prev, flags } = fields;
  return digest(
    `v2\n${mode}\n${run}\n${seq}\n${prev}\n${flags}\n`,
    mode === 'hmac' ? key : undefined,
    payload,
  );
}

/** The v2 flags text: `-`, or `gap=N` and/or `close`. */
export function chainFlags(gap: number, close: boolean): string {
  const parts = [...(gap > 0 ? [`gap=${gap}`] : []), ...(close ? ['close'] : [])];
  return parts.length === 0 ? '-' : parts.join(',');
}

/** The v2 attribute value. */
export function formatRecordingChain(fields: ChainFields, hash: string, sig?: string): string {
  const { mode, run, seq, prev, flags } = fields;
  return `v2:${mode}:${run}:${seq}:${prev}:${flags}:${hash}:${sig ?? '-'}`;
}

/** Parses a chain attribute value (v1 or v2); undefined when malformed. */
export function parseRecordingChain(value: string): ChainLink | undefined {
  const v1 = /^v1:(\d+):([0-9a-f]{64}):([0-9a-f]{64})$/.exec(value);
  if (v1) {
    return {
      version: 1,
      seq: Number(v1[1]),
      prev: v1[2] ?? '',
      hash: v1[3] ?? '',
      close: false,
      gap: 0,
      flags: '-',
    };
  }
  const v2 =
    /^v2:(sha256|hmac):([0-9a-f]{16,64}):(\d+):([0-9a-f]{64}):(-|(?:gap=\d+|close)(?:,(?:gap=\d+|close))*):([0-9a-f]{64}):(-|[A-Za-z0-9_-]{86})$/.exec(
      value,
    );
  if (!v2) return undefined;
  const flags = v2[5] ?? '-';
  const gap = /gap=(\d+)/.exec(flags);
  return {
    version: 2,
    mode: v2[1] as ChainMode,
    run: v2[2] ?? '',
    seq: Number(v2[3]),
    prev: v2[4] ?? '',
    flags,
    close: flags.split(',').includes('close'),
    gap: gap ? Number(gap[1]) : 0,
    hash: v2[6] ?? '',
    ...(v2[7] !== undefined && v2[7] !== '-' && { sig: v2[7] }),
  };
}

/** Ed25519 signature of TEXT, base64url. */
export function signChainText(text: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(text), privateKey).toString('base64url');
}

/** True when SIG is PUBLIC_KEY's Ed25519 signature of TEXT. */
export function chainSignatureValid(text: string, sig: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(text), publicKey, Buffer.from(sig, 'base64url'));
  } catch {
    return false;
  }
}

/** One parsed `.head` sidecar. */
export interface ChainHead {
  readonly version: 1 | 2;
  readonly mode?: ChainMode;
  readonly run?: string;
  readonly seq: number;
  readonly hash: string;
  /** v2: HMAC of the head with the key (`hmac` mode), else `-`. */
  readonly auth?: string;
  /** v2: Ed25519 signature of the head, else undefined. */
  readonly sig?: string;
}

/** What a v2 head's authentication and signature cover. */
export function headText(run: string, seq: number, hash: string): string {
  return `agc-head\n${run}\n${seq}\n${hash}`;
}

/**
 * The `.head` sidecar text: `v2:<mode>:<run>:<seq>:<hash>:<auth>:<sig>`, where `auth` is the
 * HMAC of {@link headText} with the key (`hmac` mode; `-` otherwise) and `sig` its Ed25519
 * signature (`-` when unsigned). Without the key, a head for an earlier line cannot be made.
 */
export function formatRecordingHead(
  head: { mode: ChainMode; run: string; seq: number; hash: string },
  key?: string,
  privateKey?: KeyObject,
): string {
  const text = headText(head.run, head.seq, head.hash);
  const auth = head.mode === 'hmac' && key !== undefined ? digest(text, key) : '-';
  const sig = privateKey ? signChainText(text, privateKey) : '-';
  return `v2:${head.mode}:${head.run}:${head.seq}:${head.hash}:${auth}:${sig}\n`;
}

/** True when a v2 head's `auth` is the key's HMAC of it. */
export function headAuthValid(head: ChainHead, key: string): boolean {
  return (
    head.run !== undefined && head.auth === digest(headText(head.run, head.seq, head.hash), key)
  );
}

/** Parses a `.head` sidecar (v1 or v2); undefined when malformed. */
export function parseRecordingHead(text: string): ChainHead | undefined {
  const value = text.trim();
  const v1 = /^v1:(\d+):([0-9a-f]{64})$/.exec(value);
  if (v1) return { version: 1, seq: Number(v1[1]), hash: v1[2] ?? '' };
  const v2 =
    /^v2:(sha256|hmac):([0-9a-f]{16,64}):(\d+):([0-9a-f]{64}):(-|[0-9a-f]{64}):(-|[A-Za-z0-9_-]{86})$/.exec(
      value,
    );
  if (!v2) return undefined;
  return {
    version: 2,
    mode: v2[1] as ChainMode,
    run: v2[2] ?? '',
    seq: Number(v2[3]),
    hash: v2[4] ?? '',
    ...(v2[5] !== '-' && { auth: v2[5] }),
    ...(v2[6] !== undefined && v2[6] !== '-' && { sig: v2[6] }),
  };
}

function digest(data: string, key: string | undefined, more?: string | Uint8Array): string {
  const hash = key !== undefined ? createHmac('sha256', key) : createHash('sha256');
  hash.update(data);
  if (more !== undefined) hash.update(more);
  return hash.digest('hex');
}
