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
  ATTR_GEN_AI_GUARDRAIL_POLICY_ID,
  ATTR_GEN_AI_GUARDRAIL_POLICY_RULE_ID,
  ATTR_GEN_AI_GUARDRAIL_VERDICT_TYPE,
} from '../conventions/index.js';
import type { Verdict } from '../policy/index.js';

/**
 * The attributes that put a verdict on a tool span: flat `agc.policy.*` plus the GenAI guardrail
 * attributes where they map (verdict type, the action actually enforced, policy and rule ids).
 * The guardrail convention's constant fields (component name, target type and subtype) belong to
 * a `run_guardrail` span; on the tool span they would add cost and no information.
 */
export function verdictAttributes(verdict: Verdict): Attributes {
  // Verdicts are frozen constants built at policy load, so their attributes are built once.
  let attributes = cache.get(verdict);
  if (attributes === undefined) {
    attributes = build(verdict);
    cache.set(verdict, attributes);
  }
  return attributes;
}

const cache = new WeakMap<Verdict, Attributes>();

function build(verdict: Verdict): Attributes {
  const blocked = verdict.decision === 'deny';
  const attributes: Attributes = {
    [ATTR_AGC_POLICY_DECISION]: verdict.decision,
    [ATTR_AGC_POLICY_SOURCE]: verdict.source,
    [ATTR_AGC_POLICY_MODE]: verdict.mode,
    [ATTR_AGC_POLICY_REASON]: verdict.reason,
    [ATTR_GEN_AI_GUARDRAIL_VERDICT_TYPE]: verdict.decision,
    [ATTR_GEN_AI_GUARDRAIL_ACTION_TYPE]: blocked ? 'block' : verdict.decision,
  };
  if (verdict.rule !== undefined) {
    attributes[ATTR_AGC_POLICY_RULE] = verdict.rule;
    attributes[ATTR_GEN_AI_GUARDRAIL_POLICY_RULE_ID] = verdict.rule;
  }
  if (verdict.policyId !== undefined) {
    attributes[ATTR_AGC_POLICY_ID] = verdict.policyId;
    attributes[ATTR_GEN_AI_GUARDRAIL_POLICY_ID] = verdict.policyId;
  }
  if (verdict.auditRules !== undefined)
    attributes[ATTR_AGC_POLICY_AUDIT_RULES] = [...verdict.auditRules];
  return attributes;
}
