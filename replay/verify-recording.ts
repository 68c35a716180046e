import { existsSync, readFileSync } from 'node:fs';
import {
  RECORDING_CHAIN_ATTRIBUTE,
  RECORDING_CHAIN_GENESIS,
  parseRecordingChain,
  recordingChainHash,
} from '../conventions/index.js';

/** What {@link verifyRecording} found. */
export interface VerifyResult {
  /** True when every line checks out and the file ends where its head says. */
  readonly ok: boolean;
  /** Lines checked. */
  readonly lines: number;
  /** The first problem, if any: where and what. */
  readonly problem?: {
    readonly file: string;
    readonly line: number;
    readonly kind: 'malformed' | 'unchained' | 'modified' | 'deleted' | 'reordered' | 'truncated';
    readonly message: string;
  };
}

type Request = {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
  }[];
};

/**
 * Checks the hash chain of one or more recording files (in order: rotated files continue the
 * chain). Reports the first modified, deleted, reordered or truncated line. With KEY, checks the
 * HMAC chain written with `AGC_RECORD_KEY`.
 */
export function verifyRecording(files: readonly string[], key?: string): VerifyResult {
  let prev = RECORDING_CHAIN_GENESIS;
  let expectedSeq = 0;
  let lines = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const all = text.split('\n');
    const trailing = all.pop();
    if (trailing !== undefined && trailing !== '') {
      return fail(
        file,
        all.length + 1,
        'truncated',
        'the last line is cut short (no newline)',
        lines,
      );
    }
    let lastSeq = -1;
    let lastHash = '';
    for (let i = 0; i < all.length; i++) {
      const lineNo = i + 1;
      let request: Request;
      try {
        request = JSON.parse(all[i] ?? '') as Request;
      } catch {
        return fail(file, lineNo, 'malformed', 'not valid JSON', lines);
      }
      const attributes = request.resourceSpans?.[0]?.resource?.attributes;
      const at = attributes?.findIndex((a) => a.key === RECORDING_CHAIN_ATTRIBUTE) ?? -1;
      const chain =
        at >= 0 ? parseRecordingChain(attributes?.[at]?.value?.stringValue ?? '') : undefined;
      if (!attributes || !chain)
        return fail(
          file,
          lineNo,
          'unchained',
          `no valid ${RECORDING_CHAIN_ATTRIBUTE} attribute`,
          lines,
        );
      attributes.splice(at, 1);
      const payload = JSON.stringify(request);
      if (recordingChainHash(chain.prev, chain.seq, payload, key) !== chain.hash) {
        return fail(file, lineNo, 'modified', 'content does not match its hash (edited)', lines);
      }
      if (chain.seq !== expectedSeq || chain.prev !== prev) {
        if (chain.seq > expectedSeq) {
          return fail(
            file,
            lineNo,
            'deleted',
            `expected line #${expectedSeq} of the chain, found #${chain.seq}: ${chain.seq - expectedSeq} line(s) missing before it`,
            lines,
          );
        }
        return fail(
          file,
          lineNo,
          'reordered',
          `line #${chain.seq} of the chain appears after #${expectedSeq - 1}`,
          lines,
        );
      }
      prev = chain.hash;
      expectedSeq = chain.seq + 1;
      lastSeq = chain.seq;
      lastHash = chain.hash;
      lines++;
    }
    const head = `${file}.head`;
    if (existsSync(head)) {
      const [, seq, hash] = readFileSync(head, 'utf8').trim().split(':');
      if (Number(seq) !== lastSeq || hash !== lastHash) {
        return fail(
          file,
          all.length + 1,
          'truncated',
          `the head says the chain ends at line #${seq}, the file ends at #${lastSeq}`,
          lines,
        );
      }
    }
  }
  return { ok: true, lines };
}

function fail(
  file: string,
  line: number,
  kind: NonNullable<VerifyResult['problem']>['kind'],
  message: string,
  lines: number,
): VerifyResult {
  return { ok: false, lines, problem: { file, line, kind, message } };
}
