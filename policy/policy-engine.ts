import { BudgetLedger } from './budget-ledger.js';
import type { Usage } from './budget-ledger.js';
import type { CelContext } from './cel-condition.js';
import type { CompiledRule, Policy } from './compiled-policy.js';
import { TokenBuckets } from './rate-limiter.js';
import { RuleIndex, ruleAppliesToAgent } from './rule-index.js';
import type { BucketKey, ToolCall, Verdict } from './types.js';

/** Options of {@link PolicyEngine}. */
export interface PolicyEngineOptions {
  /** Clock for calls without `time`, epoch ms. @default Date.now */
  readonly now?: () => number;
  /** Keys tracked per limit or budget rule before the oldest is forgotten. @default 100_000 */
  readonly maxKeysPerRule?: number;
}

/** Verdict of an engine that has no policy: everything is allowed and recorded (observe mode). */
export const OBSERVE_VERDICT: Verdict = Object.freeze({
  decision: 'allow',
  source: 'default',
  reason: 'no policy loaded (observe only)',
  mode: 'audit',
});

const EMPTY_ARGS: Readonly<Record<string, unknown>> = Object.freeze({});
const EMPTY_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Decides tool calls against a {@link Policy}. Synchronous, allocation-light, and O(rules that
 * can match the call): rules are indexed by tool and conditions were compiled at load time.
 *
 * Semantics (see the README): every document is a gate the call must pass; inside a document any
 * matching deny wins over allows; `audit` rules are recorded and never decide; limits and budgets
 * deny when exhausted; the document's default applies when nothing matched. A condition that
 * fails to evaluate never allows: on a deny rule it denies (source `error`), on an allow rule it
 * does not allow, and the verdict lists the error.
 */
export class PolicyEngine {
  private _indexes: RuleIndex[] = [];
  private _policy: Policy | undefined;
  // State lives under a string key (policy, rule id, parameters) so it survives reloads; the
  // per-rule maps give the hot path an allocation-free lookup.
  private readonly _limits = new Map<string, TokenBuckets>();
  private readonly _budgets = new Map<string, BudgetLedger>();
  private _limitOf = new Map<CompiledRule, TokenBuckets>();
  private _budgetOf = new Map<CompiledRule, BudgetLedger>();
  private readonly _now: () => number;
  private readonly _maxKeys: number;

  constructor(policy?: Policy, options: PolicyEngineOptions = {}) {
    this._now = options.now ?? Date.now;
    this._maxKeys = options.maxKeysPerRule ?? 100_000;
    if (policy) this.setPolicy(policy);
  }

  /** The active policy, if any. */
  get policy(): Policy | undefined {
    return this._policy;
  }

  /**
   * Swaps in a new policy (hot reload). Limit and budget state survives for rules whose
   * (policy name, rule id) and parameters are unchanged.
   */
  setPolicy(policy: Policy | undefined): void {
    this._policy = policy;
    this._indexes = policy ? policy.documents.map((d) => new RuleIndex(d)) : [];
    const live = new Set<string>();
    this._limitOf = new Map();
    this._budgetOf = new Map();
    for (const doc of policy?.documents ?? []) {
      for (const rule of doc.rules) {
        const key = stateKey(doc.name, rule);
        live.add(key);
        if (rule.limit && !this._limits.has(key)) {
          this._limits.set(
            key,
            new TokenBuckets(rule.limit.count, rule.limit.perMs, this._maxKeys),
          );
        }
        if (rule.budget && !this._budgets.has(key)) {
          this._budgets.set(key, new BudgetLedger(rule.budget, rule.budget.perMs, this._maxKeys));
        }
        const limit = this._limits.get(key);
        const budget = this._budgets.get(key);
        if (rule.limit && limit) this._limitOf.set(rule, limit);
        if (rule.budget && budget) this._budgetOf.set(rule, budget);
      }
    }
    for (const key of [...this._limits.keys()]) if (!live.has(key)) this._limits.delete(key);
    for (const key of [...this._budgets.keys()]) if (!live.has(key)) this._budgets.delete(key);
  }

  /** Decides one call. Never throws for a well-formed call. */
  decide(call: ToolCall): Verdict {
    if (this._indexes.length === 0) return OBSERVE_VERDICT;
    const time = call.time ?? this._now();
    let context: CelContext | undefined;
    const ctx = (): CelContext =>
      (context ??= {
        agent: call.agent,
        tool: call.tool,
        args: call.args ?? EMPTY_ARGS,
        callId: call.callId ?? '',
        time: new Date(time),
        labels: call.labels ?? EMPTY_LABELS,
      });

    let audited: Verdict | undefined;
    let allowed: Verdict | undefined;
    let defaulted: Verdict | undefined;
    let auditRules: string[] | undefined;
    let errors: string[] | undefined;
    let metered: CompiledRule[] | undefined;

    for (const index of this._indexes) {
      let docDeny: Verdict | undefined;
      let docAllow: Verdict | undefined;
      const doc = index.document;

      for (const cap of index.capabilitiesFor(call.agent)) {
        if (cap.denyTools?.some((t) => t.test(call.tool))) {
          docDeny ??= cap.denyVerdict;
        } else if (cap.allowTools !== undefined) {
          if (cap.allowTools.some((t) => t.test(call.tool))) docAllow ??= cap.allowVerdict;
          else docDeny ??= cap.outsideVerdict;
        }
      }

      for (const rule of index.rulesFor(call.tool)) {
        if (docDeny !== undefined && rule.kind !== 'audit') continue;
        if (!ruleAppliesToAgent(rule, call.agent)) continue;
        let matched = true;
        if (rule.condition !== undefined) {
          try {
            matched = rule.condition.evaluate(ctx());
          } catch (error) {
            const message = `rule '${rule.id}': ${firstLine(error)}`;
            (errors ??= []).push(message);
            if (rule.kind === 'deny') docDeny ??= errorVerdict(rule, message);
            continue;
          }
        }
        if (!matched) continue;
        switch (rule.kind) {
          case 'deny':
            docDeny ??= rule.verdict;
            break;
          case 'allow':
            docAllow ??= rule.verdict;
            break;
          case 'audit':
            (auditRules ??= []).push(rule.id);
            break;
          default:
            (metered ??= []).push(rule);
        }
      }

      const outcome = docDeny ?? docAllow ?? doc.defaultVerdict;
      if (outcome.decision === 'deny') return decorate(outcome, auditRules, errors);
      if (outcome.decision === 'audit') audited ??= outcome;
      else if (outcome.source !== 'default') allowed ??= outcome;
      else defaulted ??= outcome;
    }

    if (metered !== undefined) {
      const exhausted = this._meter(metered, call, time);
      if (exhausted?.decision === 'deny') return decorate(exhausted, auditRules, errors);
      audited ??= exhausted;
    }
    return decorate(audited ?? allowed ?? defaulted ?? OBSERVE_VERDICT, auditRules, errors);
  }

  /**
   * Charges usage that became known after a call (tokens, cost) to the budgets that apply to it.
   */
  charge(call: ToolCall, usage: Usage): void {
    // Usage that is not a finite, non-negative number is not charged (it was refused before
    // the call when it was known then; after the call there is nothing left to refuse).
    if (invalidUsage(usage) !== undefined) return;
    const time = call.time ?? this._now();
    for (const index of this._indexes) {
      for (const rule of index.rulesFor(call.tool)) {
        if (rule.kind !== 'budget' || !ruleAppliesToAgent(rule, call.agent)) continue;
        this._budgetOf.get(rule)?.charge(bucketKey(rule.budget?.key ?? 'agent', call), time, usage);
      }
    }
  }

  private _meter(
    metered: readonly CompiledRule[],
    call: ToolCall,
    time: number,
  ): Verdict | undefined {
    const usage: Usage = { tokens: call.tokens, costUsd: call.costUsd };
    const invalid = invalidUsage(usage);
    // Check every limit first and consume only if none denies, so a denied call costs nothing.
    let audited: Verdict | undefined;
    let spend: CompiledRule[] | undefined;
    for (const rule of metered) {
      if (rule.budget && invalid !== undefined) {
        // NaN would compare false and never exhaust; a negative cost would refill the budget.
        const verdict = usageErrorVerdict(rule, invalid);
        if (verdict.decision === 'deny') return verdict;
        audited ??= verdict;
        continue;
      }
      const key = bucketKey((rule.limit ?? rule.budget)?.key ?? 'agent', call);
      const ok = rule.limit
        ? this._limitOf.get(rule)?.available(key, time) !== false
        : this._budgetOf.get(rule)?.allows(key, time, usage) !== false;
      if (ok) (spend ??= []).push(rule);
      else if (rule.verdict.decision === 'deny') return rule.verdict;
      else audited ??= rule.verdict;
    }
    for (const rule of spend ?? []) {
      const key = bucketKey((rule.limit ?? rule.budget)?.key ?? 'agent', call);
      if (rule.limit) this._limitOf.get(rule)?.take(key, time);
      else this._budgetOf.get(rule)?.charge(key, time, usage);
    }
    return audited;
  }
}

function stateKey(doc: string, rule: CompiledRule): string {
  const params = rule.limit
    ? `${rule.limit.count}/${rule.limit.perMs}/${rule.limit.key}`
    : `${rule.budget?.tokens}/${rule.budget?.costUsd}/${rule.budget?.perMs}/${rule.budget?.key}`;
  return `${doc}\u0000${rule.id}\u0000${params}`;
}

function bucketKey(key: BucketKey, call: ToolCall): string {
  switch (key) {
    case 'agent':
      return call.agent.id;
    case 'tool':
      return call.tool;
    case 'agent_tool':
      return `${call.agent.id}\u0000${call.tool}`;
    default:
      return '';
  }
}

/** Why USAGE cannot be charged (tokens or cost not a finite number >= 0), or undefined. */
function invalidUsage(usage: Usage): string | undefined {
  for (const [name, value] of [
    ['tokens', usage.tokens],
    ['costUsd', usage.costUsd],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      return `${name} ${String(value)} is not a finite number >= 0`;
    }
  }
  return undefined;
}

function usageErrorVerdict(rule: CompiledRule, problem: string): Verdict {
  return Object.freeze({
    ...rule.verdict,
    source: 'error',
    reason: `budget '${rule.id}' cannot charge this call (${problem}); failing closed`,
  });
}

function errorVerdict(rule: CompiledRule, message: string): Verdict {
  return Object.freeze({
    ...rule.verdict,
    source: 'error',
    reason: `condition failed to evaluate (${message}); failing closed`,
  });
}

function decorate(
  verdict: Verdict,
  auditRules: string[] | undefined,
  errors: string[] | undefined,
): Verdict {
  if (auditRules === undefined && errors === undefined) return verdict;
  const reason =
    errors !== undefined && verdict.source !== 'error'
      ? `${verdict.reason}; condition errors did not allow: ${errors.join('; ')}`
      : verdict.reason;
  return Object.freeze({
    ...verdict,
    reason,
    ...(auditRules && { auditRules }),
    ...(errors && { errors }),
  });
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
