import type { Decision } from '../conventions/index.js';
import type { RunNode, RunTree, ToolStep } from './types.js';

/** Per-tool counts in a {@link RunSummary}. */
export interface ToolTally {
  readonly tool: string;
  readonly calls: number;
  readonly denied: number;
  readonly errors: number;
  /** Total duration of the calls, ms. */
  readonly totalMs: number;
}

/** What one chaos fault did to the run. */
export interface ChaosTally {
  readonly experiment?: string;
  readonly fault: string;
  readonly kind: string;
  /** Calls the fault was injected into. */
  readonly injected: number;
  /** Of those, calls that failed. */
  readonly failedCalls: number;
  /** Failed calls after which the same agent called the same tool again successfully. */
  readonly recovered: number;
  /** Traces holding an injected fault whose root span ended in error. */
  readonly failedRuns: number;
}

/** Totals over a recording, for `agc replay show` and the HTML report. */
export interface RunSummary {
  readonly traces: number;
  /** Traces emitted before they looked complete (see `groupTraces`). */
  readonly incompleteTraces: number;
  readonly spans: number;
  readonly agentRuns: number;
  readonly modelCalls: number;
  readonly toolCalls: number;
  /** First span start and last span end, epoch ms (0 when empty). */
  readonly startMs: number;
  readonly endMs: number;
  readonly decisions: Readonly<Record<Decision, number>>;
  /** Calls by `decision/source`, e.g. `deny/rate_limit`. */
  readonly bySource: Readonly<Record<string, number>>;
  /** Denies by deciding rule (`policy:rule`, or the source when no rule). */
  readonly denyRules: Readonly<Record<string, number>>;
  readonly blocked: number;
  /** Tool calls that ran and failed. */
  readonly errors: number;
  /** Spans of any kind with error status. */
  readonly errorSpans: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly agents: readonly { readonly agent: string; readonly calls: number }[];
  readonly tools: readonly ToolTally[];
  readonly anomalies: {
    readonly total: number;
    readonly byDetector: Readonly<Record<string, number>>;
    readonly quarantines: number;
  };
  readonly chaos: readonly ChaosTally[];
  /** Calls whose result was served from a recording. */
  readonly replayed: number;
}

type MutableTool = { -readonly [K in keyof ToolTally]: ToolTally[K] };
type MutableChaos = { -readonly [K in keyof ChaosTally]: ChaosTally[K] };

/** Most distinct agents and tools tallied one by one; the rest are counted under `(other)`. */
const MAX_KEYS = 1000;

/**
 * Accumulates a {@link RunSummary} over run trees as they stream by; memory is bounded by the
 * number of distinct agents, tools, rules and faults (each capped at 1000).
 *
 * Chaos coping: a failed call with an injected fault counts as `recovered` once the same agent
 * calls the same tool again and it succeeds (in a later trace too: agents often retry in a new
 * turn), and as a failed run when its trace's root span ended in error.
 */
export class RunSummaryBuilder {
  private _traces = 0;
  private _incomplete = 0;
  private _spans = 0;
  private _agentRuns = 0;
  private _modelCalls = 0;
  private _toolCalls = 0;
  private _start = Infinity;
  private _end = -Infinity;
  private readonly _decisions: Record<Decision, number> = { allow: 0, deny: 0, audit: 0 };
  private readonly _bySource = new Map<string, number>();
  private readonly _denyRules = new Map<string, number>();
  private _blocked = 0;
  private _errors = 0;
  private _errorSpans = 0;
  private _input = 0;
  private _output = 0;
  private _cost = 0;
  private readonly _agents = new Map<string, number>();
  private readonly _tools = new Map<string, MutableTool>();
  private _anomalies = 0;
  private readonly _detectors = new Map<string, number>();
  private _quarantines = 0;
  private readonly _chaos = new Map<string, MutableChaos>();
  private readonly _pending = new Map<string, MutableChaos[]>();
  private _replayed = 0;

  /** Adds one run tree (call once per trace, in reading order). */
  add(tree: RunTree): void {
    this._traces++;
    if (!tree.complete) this._incomplete++;
    this._spans += tree.spanCount;
    if (tree.spanCount > 0) {
      this._start = Math.min(this._start, tree.startMs);
      this._end = Math.max(this._end, tree.endMs);
    }
    const steps: ToolStep[] = [];
    const stack: RunNode[] = [...tree.roots];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      for (const child of node.children) stack.push(child);
      if (node.span.status.code === 2) this._errorSpans++;
      if (node.role === 'agent') this._agentRuns++;
      else if (node.role === 'model') {
        this._modelCalls++;
        this._input += node.model?.inputTokens ?? 0;
        this._output += node.model?.outputTokens ?? 0;
        this._cost += node.model?.costUsd ?? 0;
      } else if (node.step !== undefined) steps.push(node.step);
    }
    steps.sort((a, b) => a.startMs - b.startMs);
    const runFailed = tree.roots.some(
      (r) => r.span.parentSpanId === undefined && r.span.status.code === 2,
    );
    const faultsHere = new Set<MutableChaos>();
    for (const step of steps) this._step(step, faultsHere);
    if (runFailed) for (const fault of faultsHere) fault.failedRuns++;
  }

  /** The totals so far. */
  result(): RunSummary {
    return {
      traces: this._traces,
      incompleteTraces: this._incomplete,
      spans: this._spans,
      agentRuns: this._agentRuns,
      modelCalls: this._modelCalls,
      toolCalls: this._toolCalls,
      startMs: Number.isFinite(this._start) ? this._start : 0,
      endMs: Number.isFinite(this._end) ? this._end : 0,
      decisions: { ...this._decisions },
      bySource: Object.fromEntries([...this._bySource].sort((a, b) => b[1] - a[1])),
      denyRules: Object.fromEntries([...this._denyRules].sort((a, b) => b[1] - a[1])),
      blocked: this._blocked,
      errors: this._errors,
      errorSpans: this._errorSpans,
      inputTokens: this._input,
      outputTokens: this._output,
      costUsd: this._cost,
      agents: [...this._agents]
        .map(([agent, calls]) => ({ agent, calls }))
        .sort((a, b) => b.calls - a.calls),
      tools: [...this._tools.values()].map((t) => ({ ...t })).sort((a, b) => b.calls - a.calls),
      anomalies: {
        total: this._anomalies,
        byDetector: Object.fromEntries(this._detectors),
        quarantines: this._quarantines,
      },
      chaos: [...this._chaos.values()].map((c) => ({ ...c })),
      replayed: this._replayed,
    };
  }

  private _step(step: ToolStep, faultsHere: Set<MutableChaos>): void {
    this._toolCalls++;
    this._decisions[step.decision]++;
    bump(this._bySource, `${step.decision}/${step.source}`);
    if (step.decision === 'deny') {
      bump(this._denyRules, ruleName(step.policyId, step.rule) ?? step.source);
    }
    if (step.blocked) this._blocked++;
    if (step.error) this._errors++;
    this._input += step.inputTokens ?? 0;
    this._output += step.outputTokens ?? 0;
    this._cost += step.costUsd ?? 0;
    if (step.replayed) this._replayed++;
    bump(this._agents, capped(this._agents, step.agentName ?? step.agentId));
    const toolKey = capped(this._tools, step.tool);
    let tool = this._tools.get(toolKey);
    if (tool === undefined) {
      tool = { tool: toolKey, calls: 0, denied: 0, errors: 0, totalMs: 0 };
      this._tools.set(toolKey, tool);
    }
    tool.calls++;
    if (step.decision === 'deny') tool.denied++;
    if (step.error) tool.errors++;
    tool.totalMs += step.durationMs;
    for (const anomaly of step.anomalies) {
      this._anomalies++;
      bump(this._detectors, anomaly.detector);
      if (anomaly.action === 'quarantine') this._quarantines++;
    }
    this._chaosStep(step, faultsHere);
  }

  private _chaosStep(step: ToolStep, faultsHere: Set<MutableChaos>): void {
    const key = `${step.agentId}\u0000${step.tool}`;
    const chaos = step.chaos;
    if (chaos !== undefined) {
      const id = capped(this._chaos, `${chaos.experiment ?? ''}\u0000${chaos.fault}`);
      let tally = this._chaos.get(id);
      if (tally === undefined) {
        tally = {
          fault: chaos.fault,
          kind: chaos.kind,
          injected: 0,
          failedCalls: 0,
          recovered: 0,
          failedRuns: 0,
        };
        if (chaos.experiment !== undefined) tally.experiment = chaos.experiment;
        this._chaos.set(id, tally);
      }
      tally.injected++;
      faultsHere.add(tally);
      if (step.error) {
        tally.failedCalls++;
        const pending = this._pending.get(key);
        if (pending !== undefined) pending.push(tally);
        else if (this._pending.size < MAX_KEYS) this._pending.set(key, [tally]);
        return;
      }
    }
    if (!step.error && !step.blocked) {
      const pending = this._pending.get(key);
      if (pending === undefined) return;
      for (const tally of pending) tally.recovered++;
      this._pending.delete(key);
    }
  }
}

/** `policy:rule`, or `rule` when the policy is unknown; undefined without a rule. */
export function ruleName(
  policyId: string | undefined,
  rule: string | undefined,
): string | undefined {
  if (rule === undefined) return undefined;
  return policyId !== undefined ? `${policyId}:${rule}` : rule;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function capped(map: Map<string, unknown>, key: string): string {
  return map.has(key) || map.size < MAX_KEYS ? key : '(other)';
}
