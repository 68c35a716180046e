import { createHash, createHmac } from 'node:crypto';

/**
 * The tamper-evidence format of recordings, shared by the recorder (which writes it) and
 * `agc verify` (which checks it). It lives here, with the names, because both sides must agree
 * on it byte for byte and neither may import the other.
 *
 * Each line is one OTLP/JSON `ExportTraceServiceRequest`. The first resource of the line carries
 * one extra attribute, {@link RECORDING_CHAIN_ATTRIBUTE}, whose string value is
 * `v1:<seq>:<prev>:<hash>`, where `seq` counts lines from 0 across rotated files, `prev` is the
 * previous line's hash (64 zeros for the first), and
 * `hash = SHA-256(prev + "\n" + seq + "\n" + line-without-the-attribute)` in hex, or HMAC-SHA-256
 * keyed with `AGC_RECORD_KEY` when set (then an attacker who can rewrite the file cannot
 * recompute the chain). Editing, deleting or reordering a line breaks `prev`/`seq`/`hash`;
 * truncation is caught by the `<file>.head` sidecar holding the last `seq:hash`.
 */
export const RECORDING_CHAIN_ATTRIBUTE = 'agc.recording.chain';
/** Chain value version prefix. */
export const RECORDING_CHAIN_VERSION = 'v1';
/** `prev` of the very first line. */
export const RECORDING_CHAIN_GENESIS = '0'.repeat(64);

/** Hash of one line's payload (the line serialised without the chain attribute). */
export function recordingChainHash(
  prev: string,
  seq: number,
  payload: string,
  key?: string,
): string {
  const data = `${prev}\n${seq}\n${payload}`;
  return key
    ? createHmac('sha256', key).update(data).digest('hex')
    : createHash('sha256').update(data).digest('hex');
}

/** Parses a chain attribute value; undefined when malformed. */
export function parseRecordingChain(
  value: string,
): { seq: number; prev: string; hash: string } | undefined {
  const match = /^v1:(\d+):([0-9a-f]{64}):([0-9a-f]{64})$/.exec(value);
  if (!match) return undefined;
  return { seq: Number(match[1]), prev: match[2] ?? '', hash: match[3] ?? '' };
}
