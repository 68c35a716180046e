import { canonicalJson } from '../common/canonical-json.js';
import { diffJson, parseJsonText } from './json-diff.js';
import type { JsonDifference } from './json-diff.js';
import { pairConcurrentMoves } from './concurrent-moves.js';
import { alignSequences } from './lcs-align.js';
import type { AlignOptions } from './lcs-align.js';
import { readToolSteps } from './read-tool-calls.js';
import { RecordingReader } from '../recording/recording-reader.js';
import type { RecordingReaderOptions } from '../recording/recording-reader.js';
import { stepMatches, traceMatches } from './run-filter.js';
import type { RunFilter } from './run-filter.js';
import { stepTokens } from './tool-step.js';
import type { ReadStats, ToolStep } from './types.js';

/** How an aligned step compares: identical, different, only in A (`removed`), only in B (`added`). */
export type StepDiffKind = 'same' | 'changed' | 'removed' | 'added';

/** The fields that make two aligned calls differ. Latency, tokens and cost are deltas, not differences. */
export type DiffField = 'agent' | 'arguments' | 'result' | 'decision' | 'error';

/** One field that differs between two aligned calls. */
export interface FieldDifference {
  readonly field: DiffField;
  /** A's value, as text. */
  readonly a?: string;
  /** B's value, as text. */
  readonly b?: string;
  /** For JSON fields: the paths that differ (first 20). */
  readonly details?: readonly JsonDifference[];
}

/** A number on both sides and B minus A, when both are known. */
export interface NumberDelta {
  readonly a?: number;
  readonly b?: number;
  readonly delta?: number;
}

/** One column of the aligned tool-call sequences. */
export interface StepDiff {
  readonly kind: StepDiffKind;
  /** Index in A's calls (start order), when present in A. */
  readonly a?: number;
  /** Index in B's calls, when present in B. */
  readonly b?: number;
  readonly aStep?: ToolStep;
  readonly bStep?: ToolStep;
  readonly differences: readonly FieldDifference[];
  readonly latencyMs: NumberDelta;
  readonly tokens: NumberDelta;
  readonly costUsd: NumberDelta;
}

/** Totals of one side. */
export interface SideTotals {
  readonly calls: number;
  readonly allowed: number;
  readonly audited: number;
  readonly denied: number;
  readonly errors: number;
  readonly latencyMs: number;
  readonly tokens: number;
  readonly costUsd: number;
}

/** Result of {@link diffToolSteps}. */
export interface RecordingDiff {
  readonly a: SideTotals;
  readonly b: SideTotals;
  /** The alignment, in order. */
  readonly steps: readonly StepDiff[];
  readonly counts: Readonly<Record<StepDiffKind, number>>;
  /** The first column that is not `same`, with a one-line description. */
  readonly firstDivergence?: { readonly position: number; readonly summary: string };
  /** The sequences were too long for one alignment table and were aligned in windows. */
  readonly approximate: boolean;
}

/** Options of {@link diffToolSteps}. */
export interface DiffOptions extends AlignOptions {
  /** Compare only the calls that match (agents, tools, traces; decisions are ignored). */
  readonly filter?: RunFilter;
}

/** Alignment scores: a same-name call matches; same name and arguments matches better. */
const SCORE_SAME_TOOL = 1;
const SCORE_SAME_CALL = 3;

interface Interned {
  readonly tool: number;
  readonly call: number;
}

/**
 * Aligns two runs' tool calls (each in start order) with a weighted LCS on (tool, arguments),
 * so repeated, inserted, dropped and reordered calls are seen as such, then compares each
 * aligned pair: agent, arguments (JSON paths), results, decision (decision/source/rule) and
 * error, plus latency, token and cost deltas. Arguments and results are compared only when both
 * sides recorded them (content capture may be off on one side).
 */
export function diffToolSteps(
  a: readonly ToolStep[],
  b: readonly ToolStep[],
  options: DiffOptions = {},
): RecordingDiff {
  const filter = options.filter;
  const left = sortByStart(filter ? a.filter((s) => keep(s, filter)) : a);
  const right = sortByStart(filter ? b.filter((s) => keep(s, filter)) : b);
  // Intern tool names and call keys as integers so the quadratic alignment compares numbers.
  const ids = new Map<string, number>();
  const intern = (text: string): number => {
    let id = ids.get(text);
    if (id === undefined) ids.set(text, (id = ids.size));
    return id;
  };
  const code = (s: ToolStep): Interned => ({ tool: intern(s.tool), call: intern(callKey(s)) });
  const alignment = alignSequences(
    left.map(code),
    right.map(code),
    (x, y) => (x.tool !== y.tool ? 0 : x.call === y.call ? SCORE_SAME_CALL : SCORE_SAME_TOOL),
    { ...options, exact: SCORE_SAME_CALL },
  );
  const counts: Record<StepDiffKind, number> = { same: 0, changed: 0, removed: 0, added: 0 };
  const steps: StepDiff[] = [];
  let firstDivergence: RecordingDiff['firstDivergence'];
  // A re-run (`AGC_REPLAY`) is fed recorded, redacted values (model responses too), so its raw
  // argument hashes differ wherever a secret was, served or not (a denied call is not served):
  // against a re-run, the redaction-stable replay keys are compared instead.
  const rerun = left.some((s) => s.replayed === true) || right.some((s) => s.replayed === true);
  for (const pair of pairConcurrentMoves(alignment.pairs, left, right, callKey)) {
    const x = pair.a === undefined ? undefined : left[pair.a];
    const y = pair.b === undefined ? undefined : right[pair.b];
    const step = compare(pair.a, pair.b, x, y, rerun);
    counts[step.kind]++;
    if (firstDivergence === undefined && step.kind !== 'same') {
      firstDivergence = { position: steps.length, summary: describeDivergence(step) };
    }
    steps.push(step);
  }
  return {
    a: totals(left),
    b: totals(right),
    steps,
    counts,
    ...(firstDivergence !== undefined && { firstDivergence }),
    approximate: alignment.approximate,
  };
}

/** Options of {@link diffRecordings}. */
export interface DiffRecordingsOptions extends DiffOptions, RecordingReaderOptions {}

/**
 * `agc replay diff A B`: reads both recordings' tool calls and diffs them. Holds the calls (not
 * the spans) of both sides in memory: the alignment needs them.
 *
 * @throws {@link RecordingReadError} as {@link RecordingReader}.
 */
export async function diffRecordings(
  pathsA: readonly string[],
  pathsB: readonly string[],
  options: DiffRecordingsOptions = {},
): Promise<RecordingDiff & { readonly stats: { readonly a: ReadStats; readonly b: ReadStats } }> {
  const readerA = new RecordingReader(pathsA, options);
  const readerB = new RecordingReader(pathsB, options);
  const a: ToolStep[] = [];
  const b: ToolStep[] = [];
  for await (const step of readToolSteps(readerA)) a.push(step);
  for await (const step of readToolSteps(readerB)) b.push(step);
  return { ...diffToolSteps(a, b, options), stats: { a: readerA.stats, b: readerB.stats } };
}

function keep(step: ToolStep, filter: RunFilter): boolean {
  return traceMatches(step.traceId, filter) && stepMatches(step, { ...filter, decisions: [] });
}

function sortByStart(steps: readonly ToolStep[]): ToolStep[] {
  return [...steps].sort((x, y) => x.startMs - y.startMs);
}

/**
 * What identifies a call's arguments for alignment: the replay key (redacted arguments), else
 * the recorded hash, else the canonical recorded arguments.
 */
function argsKey(step: ToolStep): string | undefined {
  if (step.replayKey !== undefined) return step.replayKey;
  if (step.argsHash !== undefined) return step.argsHash;
  if (step.args !== undefined) return canonicalJson(parseJsonText(step.args));
  return undefined;
}

function callKey(step: ToolStep): string {
  return `${step.tool}\u0000${argsKey(step) ?? ''}`;
}

function compare(
  ia: number | undefined,
  ib: number | undefined,
  x: ToolStep | undefined,
  y: ToolStep | undefined,
  rerun: boolean,
): StepDiff {
  const base = {
    ...(ia !== undefined && { a: ia }),
    ...(ib !== undefined && { b: ib }),
    ...(x !== undefined && { aStep: x }),
    ...(y !== undefined && { bStep: y }),
    latencyMs: delta(x?.durationMs, y?.durationMs),
    tokens: delta(x && stepTokens(x), y && stepTokens(y)),
    costUsd: delta(x?.costUsd, y?.costUsd),
  };
  if (x === undefined) return { kind: 'added', differences: [], ...base };
  if (y === undefined) return { kind: 'removed', differences: [], ...base };
  const differences: FieldDifference[] = [];
  const agentA = x.agentName ?? x.agentId;
  const agentB = y.agentName ?? y.agentId;
  if (agentA !== agentB) differences.push({ field: 'agent', a: agentA, b: agentB });
  const args =
    rerun && x.replayKey !== undefined && y.replayKey !== undefined
      ? jsonField('arguments', x.args, y.args, x.replayKey, y.replayKey)
      : jsonField('arguments', x.args, y.args, x.argsHash, y.argsHash);
  if (args !== undefined) differences.push(args);
  const result = jsonField('result', x.result, y.result, undefined, undefined);
  if (result !== undefined) differences.push(result);
  const decisionA = decisionText(x);
  const decisionB = decisionText(y);
  if (decisionA !== decisionB) differences.push({ field: 'decision', a: decisionA, b: decisionB });
  const errorA = errorText(x);
  const errorB = errorText(y);
  if (errorA !== errorB) differences.push({ field: 'error', a: errorA, b: errorB });
  return { kind: differences.length === 0 ? 'same' : 'changed', differences, ...base };
}

function jsonField(
  field: 'arguments' | 'result',
  a: string | undefined,
  b: string | undefined,
  hashA: string | undefined,
  hashB: string | undefined,
): FieldDifference | undefined {
  if (a !== undefined && b !== undefined) {
    const va = parseJsonText(a);
    const vb = parseJsonText(b);
    if (canonicalJson(va) !== canonicalJson(vb)) return { field, a, b, details: diffJson(va, vb) };
  }
  // Redaction can hide a difference the hashes (taken before redaction) still show.
  if (hashA !== undefined && hashB !== undefined && hashA !== hashB) {
    return { field, a: a ?? hashA, b: b ?? hashB };
  }
  return undefined;
}

function decisionText(step: ToolStep): string {
  return `${step.decision}/${step.source}${step.rule !== undefined ? ` ${step.rule}` : ''}`;
}

function errorText(step: ToolStep): string {
  if (step.blocked) return 'blocked';
  if (!step.error) return 'ok';
  return `error ${step.errorType ?? ''}`.trim();
}

function delta(a: number | undefined, b: number | undefined): NumberDelta {
  return {
    ...(a !== undefined && { a }),
    ...(b !== undefined && { b }),
    ...(a !== undefined && b !== undefined && { delta: b - a }),
  };
}

function totals(steps: readonly ToolStep[]): SideTotals {
  let allowed = 0;
  let audited = 0;
  let denied = 0;
  let errors = 0;
  let latencyMs = 0;
  let tokens = 0;
  let costUsd = 0;
  for (const s of steps) {
    if (s.decision === 'allow') allowed++;
    else if (s.decision === 'audit') audited++;
    else denied++;
    if (s.error) errors++;
    latencyMs += s.durationMs;
    tokens += stepTokens(s) ?? 0;
    costUsd += s.costUsd ?? 0;
  }
  return { calls: steps.length, allowed, audited, denied, errors, latencyMs, tokens, costUsd };
}

/** One line saying where and how two runs first diverge. */
export function describeDivergence(step: StepDiff): string {
  const where = `A #${step.a !== undefined ? step.a + 1 : '-'} / B #${step.b !== undefined ? step.b + 1 : '-'}`;
  if (step.kind === 'removed' && step.aStep)
    return `${where}: A called '${step.aStep.tool}'${argsNote(step.aStep)}, B did not`;
  if (step.kind === 'added' && step.bStep)
    return `${where}: B called '${step.bStep.tool}'${argsNote(step.bStep)}, A did not`;
  const tool = step.aStep?.tool ?? step.bStep?.tool ?? '?';
  const fields = step.differences.map((d) => {
    const detail = d.details?.[0];
    if (detail !== undefined)
      return `${d.field} differ at ${detail.path} (${short(detail.a)} → ${short(detail.b)})`;
    return `${d.field} ${short(d.a)} → ${short(d.b)}`;
  });
  return `${where}: '${tool}': ${fields.join('; ')}`;
}

function argsNote(step: ToolStep): string {
  return step.args !== undefined ? ` with ${short(step.args, 60)}` : '';
}

function short(value: unknown, width = 40): string {
  const text =
    value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
