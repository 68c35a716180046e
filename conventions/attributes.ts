/**
 * Span attribute names. The OTel GenAI names come first (they are the source of truth); `agc.*`
 * names exist only where GenAI has nothing. GenAI constants are copied as literals (as upstream
 * instrumentations do) because `@opentelemetry/semantic-conventions` 1.45 lacks the guardrail keys
 * and this module may import nothing.
 */

/** `gen_ai.operation.name`: `execute_tool` on tool spans. */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
/** `gen_ai.tool.name`: the tool the agent called. */
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
/** `gen_ai.tool.call.id`: the framework's id for this call. */
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
/** `gen_ai.tool.type`: `function` | `extension` | `datastore`. */
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
/** `gen_ai.tool.description`. */
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
/** `gen_ai.tool.call.arguments`: opt-in content, always redacted. */
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
/** `gen_ai.tool.call.result`: opt-in content, always redacted. */
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
/** `gen_ai.agent.id`. */
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
/** `gen_ai.agent.name`. */
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
/** `gen_ai.conversation.id`. */
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
/** `gen_ai.provider.name`. */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
/** `gen_ai.usage.input_tokens`. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** `gen_ai.usage.output_tokens`. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
/** `error.type`: set when the call failed (or was denied: {@link ERROR_TYPE_POLICY_DENIED}). */
export const ATTR_ERROR_TYPE = 'error.type';

/** `gen_ai.guardrail.verdict.type`: allow | audit | deny (GenAI security conventions). */
export const ATTR_GEN_AI_GUARDRAIL_VERDICT_TYPE = 'gen_ai.guardrail.verdict.type';
/** `gen_ai.guardrail.action.type`: what was enforced: allow | audit | block. */
export const ATTR_GEN_AI_GUARDRAIL_ACTION_TYPE = 'gen_ai.guardrail.action.type';
/** `gen_ai.guardrail.verdict.reason`: low-cardinality reason, never user content. */
export const ATTR_GEN_AI_GUARDRAIL_VERDICT_REASON = 'gen_ai.guardrail.verdict.reason';
/** `gen_ai.guardrail.target.type`: `input` for a pre-call decision. */
export const ATTR_GEN_AI_GUARDRAIL_TARGET_TYPE = 'gen_ai.guardrail.target.type';
/** `gen_ai.guardrail.target.subtype`: `tool_call`. */
export const ATTR_GEN_AI_GUARDRAIL_TARGET_SUBTYPE = 'gen_ai.guardrail.target.subtype';
/** `gen_ai.guardrail.target.id`: the tool call id. */
export const ATTR_GEN_AI_GUARDRAIL_TARGET_ID = 'gen_ai.guardrail.target.id';
/** `gen_ai.guardrail.component.name`: {@link GUARDRAIL_COMPONENT_NAME}. */
export const ATTR_GEN_AI_GUARDRAIL_COMPONENT_NAME = 'gen_ai.guardrail.component.name';
/** `gen_ai.guardrail.security.policy.id`. */
export const ATTR_GEN_AI_GUARDRAIL_POLICY_ID = 'gen_ai.guardrail.security.policy.id';
/** `gen_ai.guardrail.security.policy.rule.id`. */
export const ATTR_GEN_AI_GUARDRAIL_POLICY_RULE_ID = 'gen_ai.guardrail.security.policy.rule.id';

/** `agc.policy.decision`: allow | deny | audit, flat on the tool span for cheap filtering. */
export const ATTR_AGC_POLICY_DECISION = 'agc.policy.decision';
/** `agc.policy.source`: what decided (policy, rate_limit, budget, quarantine, circuit, default, error). */
export const ATTR_AGC_POLICY_SOURCE = 'agc.policy.source';
/** `agc.policy.rule`: the id of the deciding rule, when a rule decided. */
export const ATTR_AGC_POLICY_RULE = 'agc.policy.rule';
/** `agc.policy.id`: the name of the policy document that decided. */
export const ATTR_AGC_POLICY_ID = 'agc.policy.id';
/** `agc.policy.reason`: human-readable reason. */
export const ATTR_AGC_POLICY_REASON = 'agc.policy.reason';
/** `agc.policy.mode`: enforce | audit. */
export const ATTR_AGC_POLICY_MODE = 'agc.policy.mode';
/** `agc.policy.audit_rules`: ids of `audit` rules that matched (recorded, not deciding). */
export const ATTR_AGC_POLICY_AUDIT_RULES = 'agc.policy.audit_rules';
/** `agc.policy.enforced`: true when the call was actually blocked. */
export const ATTR_AGC_POLICY_ENFORCED = 'agc.policy.enforced';
/** `agc.policy.duration_ns`: how long the decision took. */
export const ATTR_AGC_POLICY_DURATION_NS = 'agc.policy.duration_ns';
/** `agc.usage.cost_usd`: cost attributed to the call, when known. */
export const ATTR_AGC_USAGE_COST_USD = 'agc.usage.cost_usd';
/** `agc.governed`: marks spans created by `govern()` (so enrichers never double-wrap). */
export const ATTR_AGC_GOVERNED = 'agc.governed';
