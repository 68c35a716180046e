import type { Decision, DecisionSource } from '../conventions/index.js';
import { PolicyEngine, loadPolicyFiles } from '../policy/index.js';
import type { Policy, ToolCall, Verdict } from '../policy/index.js';
import { readToolSteps } from './read-tool-calls.js';
import { ruleName } from './run-summary.js';
import { RecordingReader } from '../recording/recording-reader.js';
import type { RecordingReaderOptions } from '../recording/recording-reader.js';
import { StartOrderBuffer, orderByStart } from './start-order.js';
import type { StartOrderOptions } from './start-order.js';
import { stepTokens } from './tool-step.js';
import type { ReadStats, SourceRef, ToolStep } from './types.js';

/**
 * How a call's fate changed: `allow->deny` (it ran, now it would be blocked), `deny->allow`
 * (it was blocked, now it would run; `audit` counts as running), `changed` (allow <-> audit).
 */
export type FlipDirection = 'allow->deny' | 'deny->allow' | 'changed';

/** A decision, before or after. */
export interface WhatIfVerdict {
  readonly decision: Decision;
  readonly source: DecisionSource;
  readonly rule?: string;
  readonly policyId?: string;
  readonly reason?: string;
}

/** One call whose decision differs under the new policy. */
export interface WhatIfChange {
  /** Position of the call in start order, 0-based. */
  readonly index: number;
  readonly traceId: string;
  readonly spanId: string;
  /** Start of the recorded call, epoch ms (the time the policy was asked at). */
  readonly timeMs: number;
  readonly agentId: string;
  readonly agentName?: string;
  readonly tool: string;
  readonly callId?: string;
  readonly direction: FlipDirection;
  readonly before: WhatIfVerdict;
  readonly after: WhatIfVerdict;
  readonly origin: SourceRef;
}

/** The rule held responsible for flips: the new deciding rule, or the old one that let go. */
export interface ResponsibleRule {
  /** `policy:rule`, or the decision source when no rule decided (`default`, `rate_limit`...). */
  readonly rule: string;
  readonly direction: FlipDirection;
  readonly count: number;
}

/** Result of a what-if run. */
export interface WhatIfResult {
  /** Tool calls read. */
  readonly calls: number;
  /** Calls decided again under the new policy. */
  readonly redecided: number;
  /**
   * Calls whose recorded verdict came from runtime state the policy does not hold (quarantine,
   * open circuit); kept as recorded, not re-decided.
   */
  readonly kept: number;
  readonly unchanged: number;
  readonly allowToDeny: number;
  readonly denyToAllow: number;
  /** allow <-> audit. */
  readonly otherChanges: number;
  /** The changes, in start order (the first `maxChanges`). */
  readonly changes: readonly WhatIfChange[];
  /** More changes happened than `changes` holds. */
  readonly truncated: boolean;
  /** Flips per responsible rule: allow->deny first, then deny->allow, then changed; most first. */
  readonly rules: readonly ResponsibleRule[];
  /** Re-decided calls with no recorded arguments (recorded without content capture): conditions saw `{}`. */
  readonly withoutArgs: number;
  /** Calls re-decided out of start order (longer than the reorder window); limits may differ. */
  readonly outOfOrder: number;
}

/** Options of {@link WhatIfEvaluator}. */
export interface WhatIfOptions {
  /** Changes listed in full (all are counted). @default 1000 */
  readonly maxChanges?: number;
  /** Labels given to every call (labels are not recorded), visible to CEL as `labels`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The order flips are listed in: what newly blocks first. */
const DIRECTION_ORDER: readonly FlipDirection[] = ['allow->deny', 'deny->allow', 'changed'];

/** Sources whose verdicts come from runtime state, not from the policy document. */
const RUNTIME_SOURCES: ReadonlySet<DecisionSource> = new Set<DecisionSource>([
  'quarantine',
  'circuit',
]);

/**
 * Re-decides recorded calls under a policy, one at a time, in the order given (which must be
 * start order for limits and budgets to replay right: see {@link whatIf}). Each call is decided
 * at its recorded start time with its recorded agent, tool, arguments, call id, tokens and cost,
 * so rate limits and budgets fill and drain in recorded time. Nothing is executed.
 */
export class WhatIfEvaluator {
  private readonly _engine: PolicyEngine;
  private readonly _maxChanges: number;
  private readonly _labels: Readonly<Record<string, string>> | undefined;
  private readonly _changes: WhatIfChange[] = [];
  private readonly _rules = new Map<
    string,
    { rule: string; direction: FlipDirection; count: number }
  >();
  private _calls = 0;
  private _redecided = 0;
  private _kept = 0;
  private _allowToDeny = 0;
  private _denyToAllow = 0;
  private _other = 0;
  private _withoutArgs = 0;

  constructor(policy: Policy, options: WhatIfOptions = {}) {
    // Every call carries its recorded time; the engine's clock must never be read.
    this._engine = new PolicyEngine(policy, { now: () => 0 });
    this._maxChanges = options.maxChanges ?? 1000;
    this._labels = options.labels;
  }

  /** Decides STEP again; returns the change when its decision differs. */
  decide(step: ToolStep): WhatIfChange | undefined {
    const index = this._calls++;
    if (RUNTIME_SOURCES.has(step.source)) {
      this._kept++;
      return undefined;
    }
    this._redecided++;
    const args = parseArgs(step.args);
    if (args === undefined) this._withoutArgs++;
    const tokens = stepTokens(step);
    const call: ToolCall = {
      agent:
        step.agentName !== undefined
          ? { id: step.agentId, name: step.agentName }
          : { id: step.agentId },
      tool: step.tool,
      time: step.startMs,
      ...(args !== undefined && { args }),
      ...(step.callId !== undefined && { callId: step.callId }),
      ...(tokens !== undefined && { tokens }),
      ...(step.costUsd !== undefined && { costUsd: step.costUsd }),
      ...(this._labels !== undefined && { labels: this._labels }),
    };
    const verdict = this._engine.decide(call);
    const direction = flip(step.decision, verdict.decision);
    if (direction === undefined) return undefined;
    if (direction === 'allow->deny') this._allowToDeny++;
    else if (direction === 'deny->allow') this._denyToAllow++;
    else this._other++;
    const before = beforeOf(step);
    const after = afterOf(verdict);
    this._blame(direction === 'deny->allow' ? before : after, direction);
    const change: WhatIfChange = {
      index,
      traceId: step.traceId,
      spanId: step.spanId,
      timeMs: step.startMs,
      agentId: step.agentId,
      ...(step.agentName !== undefined && { agentName: step.agentName }),
      tool: step.tool,
      ...(step.callId !== undefined && { callId: step.callId }),
      direction,
      before,
      after,
      origin: step.origin,
    };
    if (this._changes.length < this._maxChanges) this._changes.push(change);
    return change;
  }

  /** The totals so far. */
  result(outOfOrder = 0): WhatIfResult {
    const flips = this._allowToDeny + this._denyToAllow + this._other;
    return {
      calls: this._calls,
      redecided: this._redecided,
      kept: this._kept,
      unchanged: this._redecided - flips,
      allowToDeny: this._allowToDeny,
      denyToAllow: this._denyToAllow,
      otherChanges: this._other,
      changes: [...this._changes],
      truncated: flips > this._changes.length,
      rules: [...this._rules.values()]
        .map((r) => ({ ...r }))
        .sort(
          (a, b) =>
            DIRECTION_ORDER.indexOf(a.direction) - DIRECTION_ORDER.indexOf(b.direction) ||
            b.count - a.count ||
            a.rule.localeCompare(b.rule),
        ),
      withoutArgs: this._withoutArgs,
      outOfOrder,
    };
  }

  private _blame(verdict: WhatIfVerdict, direction: FlipDirection): void {
    const rule = ruleName(verdict.policyId, verdict.rule) ?? verdict.source;
    const key = `${direction}\u0000${rule}`;
    const entry = this._rules.get(key);
    if (entry !== undefined) entry.count++;
    else this._rules.set(key, { rule, direction, count: 1 });
  }
}

/** Options of {@link whatIf}. */
export interface WhatIfRunOptions extends WhatIfOptions, StartOrderOptions {}

/**
 * Re-decides every call of STEPS (in recording order) under POLICY, after restoring start order
 * with a bounded reorder window. Streams: memory is the window plus the changes kept.
 */
export async function whatIf(
  steps: AsyncIterable<ToolStep>,
  policy: Policy,
  options: WhatIfRunOptions = {},
): Promise<WhatIfResult> {
  const evaluator = new WhatIfEvaluator(policy, options);
  const buffer = new StartOrderBuffer<ToolStep>(options);
  for await (const step of orderByStart(steps, buffer)) evaluator.decide(step);
  return evaluator.result(buffer.late);
}

/** Options of {@link whatIfRecording}. */
export interface WhatIfRecordingOptions extends WhatIfRunOptions, RecordingReaderOptions {}

/**
 * `agc replay what-if`: reads recordings and re-decides their calls under the policy files.
 *
 * @throws `PolicyError` (from `policy/`) when the policy files are invalid, and
 * {@link RecordingReadError} as {@link RecordingReader}.
 */
export async function whatIfRecording(
  paths: readonly string[],
  policyFiles: readonly string[],
  options: WhatIfRecordingOptions = {},
): Promise<WhatIfResult & { readonly stats: ReadStats }> {
  const policy = loadPolicyFiles(policyFiles);
  const reader = new RecordingReader(paths, options);
  const result = await whatIf(readToolSteps(reader), policy, options);
  return { ...result, stats: reader.stats };
}

function flip(before: Decision, after: Decision): FlipDirection | undefined {
  if (before === after) return undefined;
  if (after === 'deny') return 'allow->deny';
  if (before === 'deny') return 'deny->allow';
  return 'changed';
}

function beforeOf(step: ToolStep): WhatIfVerdict {
  return {
    decision: step.decision,
    source: step.source,
    ...(step.rule !== undefined && { rule: step.rule }),
    ...(step.policyId !== undefined && { policyId: step.policyId }),
    ...(step.reason !== undefined && { reason: step.reason }),
  };
}

function afterOf(verdict: Verdict): WhatIfVerdict {
  return {
    decision: verdict.decision,
    source: verdict.source,
    ...(verdict.rule !== undefined && { rule: verdict.rule }),
    ...(verdict.policyId !== undefined && { policyId: verdict.policyId }),
    reason: verdict.reason,
  };
}

function parseArgs(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
