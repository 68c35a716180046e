/** Values of the decision attributes and metric labels. */

/** The decisions a verdict can carry. `audit` = recorded, never blocks. */
export const DECISIONS = ['allow', 'deny', 'audit'] as const;
/** A verdict's decision. */
export type Decision = (typeof DECISIONS)[number];

/** What produced a verdict. */
export const DECISION_SOURCES = [
  'policy',
  'rate_limit',
  'budget',
  'quarantine',
  'circuit',
  'default',
  'error',
  'identity',
] as const;
/** A verdict's source. */
export type DecisionSource = (typeof DECISION_SOURCES)[number];

/** Policy modes: `enforce` blocks denies, `audit` records them and lets the call run. */
export const POLICY_MODES = ['enforce', 'audit'] as const;
/** A policy mode. */
export type PolicyMode = (typeof POLICY_MODES)[number];

/** `gen_ai.operation.name` of a tool span. */
export const GEN_AI_OPERATION_EXECUTE_TOOL = 'execute_tool';
/** `gen_ai.operation.name` of a model call span (`chat {gen_ai.request.model}`). */
export const GEN_AI_OPERATION_CHAT = 'chat';
/** `gen_ai.operation.name` of an agent-run span (`invoke_agent {gen_ai.agent.name}`). */
export const GEN_AI_OPERATION_INVOKE_AGENT = 'invoke_agent';
/** `gen_ai.tool.type` for ordinary function tools. */
export const GEN_AI_TOOL_TYPE_FUNCTION = 'function';
/** `gen_ai.tool.type` for tools served by another process (MCP). */
export const GEN_AI_TOOL_TYPE_EXTENSION = 'extension';
/** `gen_ai.guardrail.component.name` of our policy engine. */
export const GUARDRAIL_COMPONENT_NAME = 'agc-policy';
/** `error.type` of a call blocked by policy. */
export const ERROR_TYPE_POLICY_DENIED = 'agc.policy_denied';
/** `error.type` fallback when the tool error has no better name. */
export const ERROR_TYPE_OTHER = '_OTHER';
