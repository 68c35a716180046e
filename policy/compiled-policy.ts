import type { PolicyMode } from '../conventions/index.js';
import type { CelCondition } from './cel-condition.js';
import type { NameMatcher } from '../common/index.js';
import type { BucketKey, Verdict } from './types.js';

/** What a rule does when it matches. */
export type RuleKind = 'allow' | 'deny' | 'audit' | 'limit' | 'budget';

/** A rule ready to evaluate; its verdicts are built once at load time. */
export interface CompiledRule {
  readonly id: string;
  readonly kind: RuleKind;
  /** Tool patterns; undefined = every tool. */
  readonly tools: readonly NameMatcher[] | undefined;
  /** Agent patterns (id or name); undefined = every agent. */
  readonly agents: readonly NameMatcher[] | undefined;
  readonly condition: CelCondition | undefined;
  readonly reason: string;
  readonly limit?: { readonly count: number; readonly perMs: number; readonly key: BucketKey };
  readonly budget?: {
    readonly tokens?: number;
    readonly costUsd?: number;
    readonly perMs: number;
    readonly key: BucketKey;
  };
  /** The verdict this rule gives when it decides (deny / allow / rate_limit / budget). */
  readonly verdict: Verdict;
}

/** A capability entry of `spec.agents`. */
export interface CompiledCapability {
  /** `agents[N]`, used as the rule id in verdicts. */
  readonly id: string;
  readonly match: readonly NameMatcher[];
  readonly allowTools: readonly NameMatcher[] | undefined;
  readonly denyTools: readonly NameMatcher[] | undefined;
  /** Verdict when the tool is in `denyTools`. */
  readonly denyVerdict: Verdict;
  /** Verdict when `allowTools` is set and the tool is not in it. */
  readonly outsideVerdict: Verdict;
  /** Verdict when the tool is in `allowTools`. */
  readonly allowVerdict: Verdict;
}

/** One validated, compiled policy document. */
export interface CompiledDocument {
  /** `metadata.name`, the policy id. */
  readonly name: string;
  readonly file: string;
  readonly mode: PolicyMode;
  readonly defaultDecision: 'allow' | 'deny';
  readonly capabilities: readonly CompiledCapability[];
  readonly rules: readonly CompiledRule[];
  /** Verdict when nothing in this document matched. */
  readonly defaultVerdict: Verdict;
  /** The raw `spec.anomaly` block and where it is, for the runtime to validate. */
  readonly anomaly?: {
    readonly options: Readonly<Record<string, unknown>>;
    readonly line: number;
    readonly column: number;
  };
}

/** A loaded policy: one or more documents from one or more files. Immutable. */
export interface Policy {
  readonly documents: readonly CompiledDocument[];
  /** Files it was loaded from (`<inline>` for text). */
  readonly files: readonly string[];
  /** Total rules plus capability entries. */
  readonly ruleCount: number;
}
