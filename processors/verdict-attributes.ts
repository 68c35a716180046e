import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_AGC_POLICY_AUDIT_RULES,
  ATTR_AGC_POLICY_DECISION,
  ATTR_AGC_POLICY_ID,
  ATTR_AGC_POLICY_MODE,
  ATTR_AGC_POLICY_REASON,
  ATTR_AGC_POLICY_RULE,
  ATTR_AGC_POLICY_SOURCE,
  ATTR_GEN_AI_GUARDRAIL_ACTION_TYPE,
  ATTR_GEN_AI_GUARDRAIL_COMPONENT_NAME,
  ATTR_GEN_AI_GUARDRAIL_POLICY_ID,
  ATTR_GEN_AI_GUARDRAIL_POLICY_RULE_ID,
  ATTR_GEN_AI_GUARDRAIL_TARGET_SUBTYPE,
  ATTR_GEN_AI_GUARDRAIL_TARGET_TYPE,
  ATTR_GEN_AI_GUARDRAIL_VERDICT_REASON,
  ATTR_GEN_AI_GUARDRAIL_VERDICT_TYPE,
  GUARDRAIL_COMPONENT_NAME,
} from '../conventions/index.js';
import type { Verdict } from '../policy/index.js';

/**
 * The attributes that put a verdict on a tool span: flat `agc.policy.*` plus the GenAI guardrail
 * attributes where they map (verdict type, the action actually enforced, policy and rule ids).
 */
export function verdictAttributes(verdict: Verdict): Attributes {
  const blocked = verdict.decision === 'deny';
  const attributes: Attributes = {
    [ATTR_AGC_POLICY_DECISION]: verdict.decision,
    [ATTR_AGC_POLICY_SOURCE]: verdict.source,
    [ATTR_AGC_POLICY_MODE]: verdict.mode,
    [ATTR_AGC_POLICY_REASON]: verdict.reason,
    [ATTR_GEN_AI_GUARDRAIL_COMPONENT_NAME]: GUARDRAIL_COMPONENT_NAME,
    [ATTR_GEN_AI_GUARDRAIL_TARGET_TYPE]: 'input',
    [ATTR_GEN_AI_GUARDRAIL_TARGET_SUBTYPE]: 'tool_call',
    [ATTR_GEN_AI_GUARDRAIL_VERDICT_TYPE]: verdict.decision,
    [ATTR_GEN_AI_GUARDRAIL_ACTION_TYPE]: blocked ? 'block' : verdict.decision,
    [ATTR_GEN_AI_GUARDRAIL_VERDICT_REASON]: verdict.source,
  };
  if (verdict.rule !== undefined) {
    attributes[ATTR_AGC_POLICY_RULE] = verdict.rule;
    attributes[ATTR_GEN_AI_GUARDRAIL_POLICY_RULE_ID] = verdict.rule;
  }
  if (verdict.policyId !== undefined) {
    attributes[ATTR_AGC_POLICY_ID] = verdict.policyId;
    attributes[ATTR_GEN_AI_GUARDRAIL_POLICY_ID] = verdict.policyId;
  }
  if (verdict.auditRules !== undefined) attributes[ATTR_AGC_POLICY_AUDIT_RULES] = [...verdict.auditRules];
  return attributes;
}
