import {
  RECORDING_CHAIN_ATTRIBUTE,
  RECORDING_CHAIN_GENESIS,
  parseRecordingChain,
  recordingChainHash,
} from './recording-chain.js';

/** The kinds of problem a recording chain check finds. */
export type ChainProblemKind =
  'malformed' | 'unchained' | 'modified' | 'deleted' | 'reordered' | 'truncated';

/** The first problem found: where and what. */
export interface ChainProblem {
  readonly file: string;
  readonly line: number;
  readonly kind: ChainProblemKind;
  readonly message: string;
}

type Request = {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
  }[];
};

/**
 * Checks the hash chain of `conventions/recording-chain.ts` one line at a time, across rotated
 * files, holding only the previous hash: the single implementation behind `verifyRecording`
 * and `verifyRecordingFiles`.
 */
export class ChainVerifier {
  private _prev = RECORDING_CHAIN_GENESIS;
  private _expectedSeq = 0;
  private _lastSeq = -1;
  private _lastHash = '';
  private _lines = 0;

  /** KEY: the HMAC key the recording was written with (`AGC_RECORD_KEY`), if any. */
  constructor(private readonly _key?: string) {}

  /** Lines verified so far. */
  get lines(): number {
    return this._lines;
  }

  /** Starts a new file (the chain continues; the head check is per file). */
  startFile(): void {
    this._lastSeq = -1;
    this._lastHash = '';
  }

  /** Checks one line (without its newline); returns the problem, if any. */
  line(file: string, lineNo: number, text: string): ChainProblem | undefined {
    let request: Request;
    try {
      request = JSON.parse(text) as Request;
    } catch {
      return { file, line: lineNo, kind: 'malformed', message: 'not valid JSON' };
    }
    const attributes = request.resourceSpans?.[0]?.resource?.attributes;
    const at = Array.isArray(attributes)
      ? attributes.findIndex((a) => a.key === RECORDING_CHAIN_ATTRIBUTE)
      : -1;
    const chain =
      at >= 0 ? parseRecordingChain(attributes?.[at]?.value?.stringValue ?? '') : undefined;
    if (!attributes || !chain) {
      return {
        file,
        line: lineNo,
        kind: 'unchained',
        message: `no valid ${RECORDING_CHAIN_ATTRIBUTE} attribute`,
      };
    }
    attributes.splice(at, 1);
    const payload = JSON.stringify(request);
    if (recordingChainHash(chain.prev, chain.seq, payload, this._key) !== chain.hash) {
      return {
        file,
        line: lineNo,
        kind: 'modified',
        message: 'content does not match its hash (edited)',
      };
    }
    if (chain.seq !== this._expectedSeq || chain.prev !== this._prev) {
      if (chain.seq > this._expectedSeq) {
        return {
          file,
          line: lineNo,
          kind: 'deleted',
          message: `expected line #${this._expectedSeq} of the chain, found #${chain.seq}: ${chain.seq - this._expectedSeq} line(s) missing before it`,
        };
      }
      return {
        file,
        line: lineNo,
        kind: 'reordered',
        message: `line #${chain.seq} of the chain appears after #${this._expectedSeq - 1}`,
      };
    }
    this._prev = chain.hash;
    this._expectedSeq = chain.seq + 1;
    this._lastSeq = chain.seq;
    this._lastHash = chain.hash;
    this._lines++;
    return undefined;
  }

  /**
   * Checks the end of FILE against its `.head` sidecar text (`v1:<seq>:<hash>`), when there is
   * one: a file that ends before its head says was truncated.
   */
  endFile(file: string, nextLine: number, head: string | undefined): ChainProblem | undefined {
    if (head === undefined) return undefined;
    const [, seq, hash] = head.trim().split(':');
    if (Number(seq) !== this._lastSeq || hash !== this._lastHash) {
      return {
        file,
        line: nextLine,
        kind: 'truncated',
        message: `the head says the chain ends at line #${seq}, the file ends at #${this._lastSeq}`,
      };
    }
    return undefined;
  }
}
