import type { Decision, DecisionSource, PolicyMode } from '../conventions/index.js';

/**
 * The agent making a call. `name` is optional; `id` is what buckets are keyed by. An empty `id`
 * means no agent is known: no `gen_ai.agent.id` is recorded for it.
 */
export interface AgentRef {
  /** Stable agent id (`gen_ai.agent.id`). */
  readonly id: string;
  /** Human name (`gen_ai.agent.name`), when known. */
  readonly name?: string;
}

/**
 * One tool call to decide. Everything but `agent` and `tool` is optional; `args`, `callId`,
 * `time` and `labels` are visible to CEL conditions.
 */
export interface ToolCall {
  /** Who calls. */
  readonly agent: AgentRef;
  /** Tool name (`gen_ai.tool.name`). */
  readonly tool: string;
  /** Tool arguments as the model produced them. */
  readonly args?: Readonly<Record<string, unknown>>;
  /** Framework call id (`gen_ai.tool.call.id`). */
  readonly callId?: string;
  /** Tokens this call is expected to spend (charged to budgets at decision time). */
  readonly tokens?: number;
  /** Cost of this call in USD (charged to budgets at decision time). */
  readonly costUsd?: number;
  /** Time of the call, epoch milliseconds. @default Date.now() */
  readonly time?: number;
  /** Free-form labels (e.g. environment, tenant), visible to CEL as `labels`. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The agent the caller named when it differs from the bound one (`withAgent()`): such a call
   * is denied with source `identity`. Set by `govern()` only.
   */
  readonly claimedAgent?: AgentRef;
}

/**
 * The decision for one call. `deny` always means the call is blocked; `audit` means the policy
 * would deny but runs in audit mode, so the call proceeds and the decision is recorded.
 */
export interface Verdict {
  /** allow | deny | audit. */
  readonly decision: Decision;
  /** What decided: a rule or capability (`policy`), a limit, a budget, the default, an error... */
  readonly source: DecisionSource;
  /** Id of the deciding rule (capability entries are named `agents[N]`). */
  readonly rule?: string;
  /** `metadata.name` of the deciding policy document. */
  readonly policyId?: string;
  /** Why, for people; low cardinality (never user content). */
  readonly reason: string;
  /** The mode of the deciding document (enforce | audit). */
  readonly mode: PolicyMode;
  /** Ids of `audit` rules that matched; recorded, never deciding. */
  readonly auditRules?: readonly string[];
  /** Condition evaluation errors met on the way (they never allow). */
  readonly errors?: readonly string[];
}

/** Where a problem sits in a policy file (1-based line and column). */
export interface SourcePosition {
  /** File name, or `<inline>` for text. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** One validation problem. */
export interface PolicyIssue extends SourcePosition {
  /** What is wrong and what was expected. */
  readonly message: string;
}

/** Key of a rate limit or budget bucket. @default 'agent' */
export type BucketKey = 'agent' | 'tool' | 'agent_tool' | 'global';
