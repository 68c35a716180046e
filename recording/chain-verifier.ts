import type { KeyObject } from 'node:crypto';
import {
  chainSignatureValid,
  headAuthValid,
  headText,
  parseRecordingChain,
  parseRecordingHead,
  RECORDING_CHAIN_ATTRIBUTE,
  RECORDING_CHAIN_GENESIS,
  recordingChainHash,
  recordingChainHashV2,
} from './recording-chain.js';
import type { ChainHead, ChainLink, ChainMode } from './recording-chain.js';
import { recordingStem } from './recording-checkpoint.js';
import type { Checkpoints } from './recording-checkpoint.js';

/**
 * The kinds of problem a recording chain check finds. `key-needed`: the chain is keyed and no
 * key was given, so it cannot be checked (inconclusive, not tampering). `downgraded`: a key was
 * given and the chain is plain (re-chained without the key). `unsigned`: a public key was given
 * and a line or head carries no signature.
 */
export type ChainProblemKind =
  | 'malformed'
  | 'unchained'
  | 'modified'
  | 'deleted'
  | 'reordered'
  | 'truncated'
  | 'key-needed'
  | 'downgraded'
  | 'unsigned';

/** The first problem found: where and what. */
export interface ChainProblem {
  readonly file: string;
  readonly line: number;
  readonly kind: ChainProblemKind;
  readonly message: string;
}

/** One run's chain: the files it spans (rotated files continue it) and what was found. */
export interface ChainRun {
  /** Its files, in order. */
  readonly files: readonly string[];
  /** Lines verified in this run. */
  readonly lines: number;
  readonly ok: boolean;
  /** The first problem in this run, if any. */
  readonly problem?: ChainProblem;
  /** The writer's run id (v2 chains). */
  readonly run?: string;
  /** The chain's mode (v2 chains). */
  readonly mode?: ChainMode;
  /** Signed lines (checked only with a public key). */
  readonly signed?: boolean;
  /**
   * The first line present, when it is not line #0: the earlier lines were rotated away
   * (retention). What is present verifies from there.
   */
  readonly startsAt?: number;
  /** The run's last line is its writer's clean `close` (v2). */
  readonly closed?: boolean;
  /**
   * Without a clean close: the end is confirmed by a head the verifier could authenticate
   * (with the key or the public key), so nothing after the last line was cut — the process
   * ended abruptly (a kill) or is still writing.
   */
  readonly endConfirmed?: boolean;
  /** Spans the writer could not write (a full disk), as recorded in the chain. */
  readonly lostSpans?: number;
}

/** What a verifier checks with: keys, and checkpoints exported out of process. */
export interface ChainCheckOptions {
  /** HMAC key (`AGC_RECORD_KEY`): keyed chains are checked, plain v2 chains refused. */
  readonly key?: string;
  /** Ed25519 public key: every v2 line and head must carry a valid signature. */
  readonly publicKey?: KeyObject;
  /** Checkpoints the recorder exported (`readCheckpoints`): each line they name must match. */
  readonly checkpoints?: Checkpoints;
}

/** How the recording compared with exported checkpoints. */
export interface CheckpointResult {
  /** Checkpoints matched against a line present. */
  readonly matched: number;
  /** Checkpoints of lines rotated away (before a run's first line present). */
  readonly rotatedAway: number;
  /** Runs with checkpoints but no line in the recording: deleted, rewritten, or not given. */
  readonly missingRuns: readonly string[];
}

type Request = {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
  }[];
};

interface RunState {
  id: string;
  version: 1 | 2;
  files: string[];
  lines: number;
  prev: string;
  expectedSeq: number;
  mode?: ChainMode;
  signed: boolean;
  startsAt?: number;
  problem?: ChainProblem;
  closed: boolean;
  endConfirmed: boolean;
  lostSpans: number;
}

interface FileState {
  name: string;
  head: ChainHead | undefined;
  headText: string | undefined;
  run: RunState | undefined;
  lastSeq: number;
  lastHash: string;
  headMatched: boolean;
  atStart: boolean;
}

/**
 * Checks the hash chains of `recording-chain.ts` one line at a time, holding only each run's
 * previous hash: the single implementation behind `verifyRecording` and `verifyRecordingFiles`.
 *
 * v2 lines name their run, so the runs of several processes in one folder are told apart even
 * when their files interleave; a run whose first files are gone (retention) verifies from its
 * first line present. v1 lines (older recordings) are checked as before: a file whose first
 * line starts a chain starts a new run, any other continues the run before it. Each run is
 * reported on its own, and a problem in one run does not hide the runs after it.
 */
export class ChainVerifier {
  private readonly _runs: RunState[] = [];
  private readonly _v2 = new Map<string, RunState>();
  private _v1: RunState | undefined;
  private _lines = 0;
  private _matched = 0;
  private _file: FileState = blankFile('');
  private readonly _keys: ChainCheckOptions;

  /** KEYS: the HMAC key (a string, as before) or the keys to check with. */
  constructor(keys?: string | ChainCheckOptions) {
    this._keys = typeof keys === 'string' ? { key: keys } : (keys ?? {});
  }

  /** Lines verified so far. */
  get lines(): number {
    return this._lines;
  }

  /**
   * True when the current file belongs to a run that already has a problem: the caller skips
   * the rest of the file (the next file may start a new run).
   */
  get skipping(): boolean {
    return !this._file.atStart && this._file.run?.problem !== undefined;
  }

  /** Starts FILE; HEAD is the text of its `.head` sidecar, when it has one. */
  startFile(file = '', head?: string): void {
    this._file = blankFile(file);
    this._file.headText = head;
    this._file.head = head === undefined ? undefined : parseRecordingHead(head);
  }

  /** Records a problem the caller found (a cut line): it belongs to the current file's run. */
  report(problem: ChainProblem): void {
    const run = this._file.run ?? this._v1Continue();
    this._fail(run, problem);
  }

  /** Every run found, in order, and the overall verdict. */
  result(): {
    ok: boolean;
    lines: number;
    problem?: ChainProblem;
    runs: ChainRun[];
    checkpoints?: CheckpointResult;
  } {
    const checkpoints = this._compareCheckpoints();
    const runs = this._runs.map((r): ChainRun => {
      const v2 = r.version === 2;
      return {
        files: [...r.files],
        lines: r.lines,
        ok: r.problem === undefined,
        ...(r.problem !== undefined && { problem: r.problem }),
        ...(v2 && {
          run: r.id,
          ...(r.mode !== undefined && { mode: r.mode }),
          signed: r.signed,
          closed: r.closed,
          endConfirmed: r.endConfirmed,
        }),
        ...(r.startsAt !== undefined && { startsAt: r.startsAt }),
        ...(r.lostSpans > 0 && { lostSpans: r.lostSpans }),
      };
    });
    const problem = runs.find((r) => r.problem !== undefined)?.problem;
    return {
      ok: problem === undefined,
      lines: this._lines,
      ...(problem !== undefined && { problem }),
      runs,
      ...(checkpoints !== undefined && { checkpoints }),
    };
  }

  /**
   * After the last line: a checkpoint past a run's end means lines were cut (or the run was
   * rewritten shorter); a run with checkpoints and no lines here is reported as missing.
   */
  private _compareCheckpoints(): CheckpointResult | undefined {
    const exported = this._keys.checkpoints;
    if (exported === undefined) return undefined;
    let rotatedAway = 0;
    const missingRuns: string[] = [];
    // Only runs of the services whose files were given count as missing (a Collector's file
    // holds every service's checkpoints).
    const stems = new Set(this._runs.flatMap((r) => r.files.map(recordingStem)));
    for (const [id, { file, seqs }] of exported) {
      const run = this._v2.get(id);
      if (run === undefined) {
        if (stems.has(recordingStem(file))) missingRuns.push(id);
        continue;
      }
      const last = run.expectedSeq - 1;
      for (const seq of seqs.keys()) {
        if (run.startsAt !== undefined && seq < run.startsAt) rotatedAway++;
        else if (seq > last && run.problem === undefined) {
          run.problem = {
            file: run.files.at(-1) ?? '',
            line: 0,
            kind: 'truncated',
            message: `a checkpoint was exported for line #${seq}; the recording ends at #${last}`,
          };
        }
      }
    }
    return { matched: this._matched, rotatedAway, missingRuns };
  }

  /** Checks one line (without its newline); returns the problem, if any. */
  line(file: string, lineNo: number, text: string): ChainProblem | undefined {
    const parsed = this._parse(file, lineNo, text);
    if ('problem' in parsed) {
      this.report(parsed.problem);
      return parsed.problem;
    }
    const { link, payload } = parsed;
    const run = link.version === 2 ? this._v2Run(link) : this._v1Run(link, file, lineNo);
    if (run.problem !== undefined) {
      this._fail(run.run, run.problem);
      return run.problem;
    }
    const state = run.run;
    if (state.problem !== undefined) return undefined;
    const problem = this._check(state, link, payload, file, lineNo);
    if (problem !== undefined) {
      this._fail(state, problem);
      return problem;
    }
    const exported =
      link.run !== undefined
        ? this._keys.checkpoints?.get(link.run)?.seqs.get(link.seq)
        : undefined;
    if (exported !== undefined) {
      if (exported !== link.hash) {
        const problem: ChainProblem = {
          file,
          line: lineNo,
          kind: 'modified',
          message: `line #${link.seq} does not match the checkpoint exported for it (rewritten?)`,
        };
        this._fail(state, problem);
        return problem;
      }
      this._matched++;
    }
    state.prev = link.hash;
    state.expectedSeq = link.seq + 1;
    state.lines++;
    state.closed = link.close;
    state.endConfirmed = false;
    state.lostSpans += link.gap;
    if (link.sig !== undefined) state.signed = true;
    this._lines++;
    this._file.lastSeq = link.seq;
    this._file.lastHash = link.hash;
    if (this._file.head?.seq === link.seq && this._file.head.hash === link.hash)
      this._file.headMatched = true;
    return undefined;
  }

  /** Checks the end of FILE against its head. */
  endFile(file: string, nextLine: number): ChainProblem | undefined {
    const f = this._file;
    if (f.run === undefined && f.head?.version === 2) {
      // An emptied file whose head says it held lines.
      const problem: ChainProblem = {
        file,
        line: nextLine,
        kind: 'truncated',
        message: `the head says the chain ends at line #${f.head.seq}, the file is empty`,
      };
      const known = this._v2.get(f.head.run ?? '');
      if (known !== undefined) this._enter(known);
      this.report(problem);
      return problem;
    }
    const run = f.run;
    if (run === undefined || run.problem !== undefined) return undefined;
    const problem =
      run.version === 2 ? this._endV2(f, run, file, nextLine) : endV1(f, file, nextLine);
    if (problem !== undefined) this._fail(run, problem);
    return problem;
  }

  private _endV2(
    f: FileState,
    run: RunState,
    file: string,
    line: number,
  ): ChainProblem | undefined {
    const head = f.head;
    if (head === undefined) {
      if (f.headText === undefined) return undefined; // no head: the end stays unconfirmed
      return { file, line, kind: 'truncated', message: 'the head sidecar is malformed' };
    }
    if (head.run !== run.id || head.seq > f.lastSeq || !f.headMatched) {
      return {
        file,
        line,
        kind: 'truncated',
        message:
          head.seq > f.lastSeq
            ? `the head says the chain ends at line #${head.seq}, the file ends at #${f.lastSeq}`
            : 'the head does not match any line of the file (rebuilt?)',
      };
    }
    const { key, publicKey } = this._keys;
    let authenticated = false;
    if (run.mode === 'hmac' && key !== undefined) {
      if (!headAuthValid(head, key)) {
        return {
          file,
          line,
          kind: 'truncated',
          message: 'the head is not authenticated by the key (rebuilt?)',
        };
      }
      authenticated = true;
    }
    if (publicKey !== undefined) {
      if (head.sig === undefined)
        return { file, line, kind: 'unsigned', message: 'the head is not signed' };
      if (!chainSignatureValid(headText(run.id, head.seq, head.hash), head.sig, publicKey)) {
        return {
          file,
          line,
          kind: 'truncated',
          message: 'the head signature does not match (rebuilt?)',
        };
      }
      authenticated = true;
    }
    // The head is at the file's last line (or, after a kill between line and head, one before).
    run.endConfirmed = authenticated && head.seq === f.lastSeq;
    return undefined;
  }

  private _parse(
    file: string,
    lineNo: number,
    text: string,
  ): { link: ChainLink; payload: string } | { problem: ChainProblem } {
    let request: Request;
    try {
      request = JSON.parse(text) as Request;
    } catch {
      return { problem: { file, line: lineNo, kind: 'malformed', message: 'not valid JSON' } };
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return { problem: { file, line: lineNo, kind: 'malformed', message: 'not a JSON object' } };
    }
    const attributes = request.resourceSpans?.[0]?.resource?.attributes;
    const at = Array.isArray(attributes)
      ? attributes.findIndex((a) => a?.key === RECORDING_CHAIN_ATTRIBUTE)
      : -1;
    const link =
      at >= 0 ? parseRecordingChain(attributes?.[at]?.value?.stringValue ?? '') : undefined;
    if (!attributes || !link) {
      return {
        problem: {
          file,
          line: lineNo,
          kind: 'unchained',
          message: `no valid ${RECORDING_CHAIN_ATTRIBUTE} attribute`,
        },
      };
    }
    attributes.splice(at, 1);
    return { link, payload: JSON.stringify(request) };
  }

  private _check(
    run: RunState,
    link: ChainLink,
    payload: string,
    file: string,
    line: number,
  ): ChainProblem | undefined {
    const { key, publicKey } = this._keys;
    if (link.version === 2) {
      if (link.mode === 'hmac' && key === undefined) {
        return {
          file,
          line,
          kind: 'key-needed',
          message:
            'the chain was written with AGC_RECORD_KEY: verify with --key (or AGC_RECORD_KEY)',
        };
      }
      if (link.mode === 'sha256' && key !== undefined) {
        return {
          file,
          line,
          kind: 'downgraded',
          message:
            'a plain (unkeyed) chain where the key was expected: re-chained without the key?',
        };
      }
    }
    const fields = {
      mode: link.mode ?? 'sha256',
      run: link.run ?? '',
      seq: link.seq,
      prev: link.prev,
      flags: link.flags,
    };
    const hash =
      link.version === 2
        ? recordingChainHashV2(fields, payload, key)
        : recordingChainHash(link.prev, link.seq, payload, key);
    if (hash !== link.hash) {
      return { file, line, kind: 'modified', message: 'content does not match its hash (edited)' };
    }
    if (link.version === 2 && publicKey !== undefined) {
      if (link.sig === undefined)
        return { file, line, kind: 'unsigned', message: 'the line is not signed' };
      if (!chainSignatureValid(link.hash, link.sig, publicKey))
        return {
          file,
          line,
          kind: 'modified',
          message: 'the signature does not match (re-chained?)',
        };
    }
    if (run.lines === 0 && run.startsAt !== undefined) return undefined; // first line kept
    if (link.seq !== run.expectedSeq || link.prev !== run.prev) {
      if (link.seq > run.expectedSeq) {
        return {
          file,
          line,
          kind: 'deleted',
          message: `expected line #${run.expectedSeq} of the chain, found #${link.seq}: ${link.seq - run.expectedSeq} line(s) missing before it`,
        };
      }
      return {
        file,
        line,
        kind: 'reordered',
        message: `line #${link.seq} of the chain appears after #${run.expectedSeq - 1}`,
      };
    }
    return undefined;
  }

  /** The v2 run of LINK: known, or new (from line #0, or a suffix after retention). */
  private _v2Run(link: ChainLink): { run: RunState; problem?: ChainProblem } {
    const id = link.run ?? '';
    let run = this._v2.get(id);
    if (run === undefined) {
      run = this._newRun(id, 2);
      run.mode = link.mode;
      this._v2.set(id, run);
      if (link.seq !== 0 || link.prev !== RECORDING_CHAIN_GENESIS) run.startsAt = link.seq;
    }
    this._enter(run);
    return { run };
  }

  /** The v1 run of LINK, with v1's rules (see the class comment). */
  private _v1Run(
    link: ChainLink,
    file: string,
    line: number,
  ): { run: RunState; problem?: ChainProblem } {
    const startsChain = link.seq === 0 && link.prev === RECORDING_CHAIN_GENESIS;
    const current = this._v1;
    const orphan =
      this._file.atStart &&
      !startsChain &&
      current !== undefined &&
      current.problem === undefined &&
      (link.seq !== current.expectedSeq || link.prev !== current.prev);
    if (this._file.atStart && (startsChain || orphan || current === undefined)) {
      this._v1 = this._newRun(`v1#${this._runs.length}`, 1);
    }
    const run = this._v1 as RunState;
    this._enter(run);
    if (orphan) {
      return {
        run,
        problem: {
          file,
          line,
          kind: 'deleted',
          message: `the file starts at line #${link.seq} of a chain whose earlier lines are not here (a deleted file?)`,
        },
      };
    }
    return { run };
  }

  private _v1Continue(): RunState {
    if (this._v1 === undefined) this._v1 = this._newRun(`v1#${this._runs.length}`, 1);
    this._enter(this._v1);
    return this._v1;
  }

  private _newRun(id: string, version: 1 | 2): RunState {
    const run: RunState = {
      id,
      version,
      files: [],
      lines: 0,
      prev: RECORDING_CHAIN_GENESIS,
      expectedSeq: 0,
      signed: false,
      closed: false,
      endConfirmed: false,
      lostSpans: 0,
    };
    this._runs.push(run);
    return run;
  }

  /** Puts the current file in RUN (once per file). */
  private _enter(run: RunState): void {
    const f = this._file;
    f.atStart = false;
    if (f.run === run) return;
    f.run = run;
    if (f.name !== '' && !run.files.includes(f.name)) run.files.push(f.name);
  }

  private _fail(run: RunState, problem: ChainProblem): void {
    if (this._file.run === undefined) this._enter(run);
    if (run.problem === undefined) run.problem = problem;
  }
}

function blankFile(name: string): FileState {
  return {
    name,
    head: undefined,
    headText: undefined,
    run: undefined,
    lastSeq: -1,
    lastHash: '',
    headMatched: false,
    atStart: true,
  };
}

/** v1: a file that ends before its head says was truncated. */
function endV1(f: FileState, file: string, line: number): ChainProblem | undefined {
  if (f.headText === undefined) return undefined;
  const [, seq, hash] = f.headText.trim().split(':');
  if (Number(seq) !== f.lastSeq || hash !== f.lastHash) {
    return {
      file,
      line,
      kind: 'truncated',
      message: `the head says the chain ends at line #${seq}, the file ends at #${f.lastSeq}`,
    };
  }
  return undefined;
}
