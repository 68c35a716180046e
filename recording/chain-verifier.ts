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

/** One run's chain: the files it spans (rotated files continue it) and what was found. */
export interface ChainRun {
  /** Its files, in order. */
  readonly files: readonly string[];
  /** Lines verified in this run. */
  readonly lines: number;
  readonly ok: boolean;
  /** The first problem in this run, if any. */
  readonly problem?: ChainProblem;
}

interface RunState {
  files: string[];
  lines: number;
  problem?: ChainProblem;
}

/**
 * Checks the hash chain of `conventions/recording-chain.ts` one line at a time, holding only the
 * previous hash: the single implementation behind `verifyRecording` and `verifyRecordingFiles`.
 *
 * Each run of a process writes its own chain (starting at #0 from the genesis hash); rotated
 * files continue it. A file whose first line starts a chain starts a new run; any other file
 * continues the run before it, so a file deleted from the middle of a run, or a run's first
 * file, is still caught. Each run is reported on its own, and a problem in one run does not
 * hide the runs after it.
 */
export class ChainVerifier {
  private _prev = RECORDING_CHAIN_GENESIS;
  private _expectedSeq = 0;
  private _lastSeq = -1;
  private _lastHash = '';
  private _lines = 0;
  private _atFileStart = false;
  private _file = '';
  private readonly _runs: RunState[] = [];

  /** KEY: the HMAC key the recording was written with (`AGC_RECORD_KEY`), if any. */
  constructor(private readonly _key?: string) {}

  /** Lines verified so far. */
  get lines(): number {
    return this._lines;
  }

  /**
   * True when the current file belongs to a run that already has a problem: the caller skips
   * the rest of the file (the next file may start a new run).
   */
  get skipping(): boolean {
    return this._runs.at(-1)?.problem !== undefined && !this._atFileStart;
  }

  /** Starts FILE (the chain continues unless its first line starts a new one). */
  startFile(file = ''): void {
    this._file = file;
    this._atFileStart = true;
    this._lastSeq = -1;
    this._lastHash = '';
  }

  /** Records a problem the caller found (a cut line): it belongs to the current run. */
  report(problem: ChainProblem): void {
    this._enterFile(false);
    const run = this._runs.at(-1);
    if (run !== undefined && run.problem === undefined) run.problem = problem;
  }

  /** Every run found, in order, and the overall verdict. */
  result(): { ok: boolean; lines: number; problem?: ChainProblem; runs: ChainRun[] } {
    const runs = this._runs.map((r) => ({
      files: [...r.files],
      lines: r.lines,
      ok: r.problem === undefined,
      ...(r.problem !== undefined && { problem: r.problem }),
    }));
    const problem = runs.find((r) => r.problem !== undefined)?.problem;
    return {
      ok: problem === undefined,
      lines: this._lines,
      ...(problem !== undefined && { problem }),
      runs,
    };
  }

  /** Checks one line (without its newline); returns the problem, if any. */
  line(file: string, lineNo: number, text: string): ChainProblem | undefined {
    const problem = this._line(file, lineNo, text);
    if (problem !== undefined) this.report(problem);
    return problem;
  }

  /** At a file's first line: a new run when the line starts a chain (or none is open). */
  private _enterFile(startsChain: boolean): void {
    if (!this._atFileStart) return;
    this._atFileStart = false;
    if (startsChain || this._runs.length === 0) {
      this._runs.push({ files: [], lines: 0 });
      this._prev = RECORDING_CHAIN_GENESIS;
      this._expectedSeq = 0;
    }
    const run = this._runs.at(-1);
    if (run !== undefined && this._file !== '') run.files.push(this._file);
  }

  private _line(file: string, lineNo: number, text: string): ChainProblem | undefined {
    let request: Request;
    try {
      request = JSON.parse(text) as Request;
    } catch {
      return { file, line: lineNo, kind: 'malformed', message: 'not valid JSON' };
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return { file, line: lineNo, kind: 'malformed', message: 'not a JSON object' };
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
    const startsChain = chain.seq === 0 && chain.prev === RECORDING_CHAIN_GENESIS;
    // A file that neither starts a chain nor continues an intact run before it is a run whose
    // first file(s) are gone: a run of its own, reported as such.
    const orphan =
      this._atFileStart &&
      !startsChain &&
      this._runs.length > 0 &&
      this._runs.at(-1)?.problem === undefined &&
      (chain.seq !== this._expectedSeq || chain.prev !== this._prev);
    this._enterFile(startsChain || orphan);
    if (orphan) {
      return {
        file,
        line: lineNo,
        kind: 'deleted',
        message: `the file starts at line #${chain.seq} of a chain whose earlier lines are not here (a deleted file?)`,
      };
    }
    if (this._runs.at(-1)?.problem !== undefined) return undefined;
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
    const run = this._runs.at(-1);
    if (run !== undefined) run.lines++;
    return undefined;
  }

  /**
   * Checks the end of FILE against its `.head` sidecar text (`v1:<seq>:<hash>`), when there is
   * one: a file that ends before its head says was truncated.
   */
  endFile(file: string, nextLine: number, head: string | undefined): ChainProblem | undefined {
    this._enterFile(false);
    if (this._runs.at(-1)?.problem !== undefined) return undefined;
    const problem = this._endFile(file, nextLine, head);
    if (problem !== undefined) this.report(problem);
    return problem;
  }

  private _endFile(
    file: string,
    nextLine: number,
    head: string | undefined,
  ): ChainProblem | undefined {
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
