import { z } from 'zod';

const name = z.string().min(1);
const nameList = z.array(name);

const limitSchema = z.strictObject({
  count: z.number().int().positive(),
  per: z.string(),
  key: z.enum(['agent', 'tool', 'agent_tool', 'global']).optional(),
});

const budgetSchema = z.strictObject({
  tokens: z.number().int().positive().optional(),
  costUsd: z.number().positive().optional(),
  per: z.string(),
  key: z.enum(['agent', 'tool', 'agent_tool', 'global']).optional(),
});

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'an id of letters, digits, _ . : -'),
  description: z.string().optional(),
  tools: nameList.optional(),
  agents: nameList.optional(),
  when: z.string().min(1).optional(),
  decision: z.enum(['allow', 'deny', 'audit']).optional(),
  reason: z.string().optional(),
  limit: limitSchema.optional(),
  budget: budgetSchema.optional(),
});

const agentSchema = z.strictObject({
  match: z.union([name, nameList]),
  allowTools: nameList.optional(),
  denyTools: nameList.optional(),
});

/** The schema of one `agc/v1` `Policy` document. Unknown fields are errors. */
export const policyDocumentSchema = z.strictObject({
  apiVersion: z.literal('agc/v1'),
  kind: z.literal('Policy'),
  metadata: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    mode: z.enum(['enforce', 'audit']).optional(),
    default: z.enum(['allow', 'deny']).optional(),
    agents: z.array(agentSchema).optional(),
    rules: z.array(ruleSchema).optional(),
    // Anomaly detection options; validated by the runtime against the anomaly module's schema
    // (policy/ may not import anomaly/), with this block's position in the errors.
    anomaly: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** A policy document as written (after schema validation). */
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
/** One rule as written. */
export type RuleDocument = z.infer<typeof ruleSchema>;
/** One capability entry as written. */
export type AgentDocument = z.infer<typeof agentSchema>;
