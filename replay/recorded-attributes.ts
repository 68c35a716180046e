// Attribute names live in conventions/; re-exported here for the replay modules.
export {
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_ARGUMENTS_HASH,
  ATTR_AGC_REPLAY_SERVED,
  ATTR_AGC_REPLAY_KEY,
  ATTR_AGC_REPLAY_RESPONSE,
  ATTR_AGC_CHAOS_EXPERIMENT,
  ATTR_AGC_CHAOS_FAULT,
  ATTR_AGC_CHAOS_KIND,
  ATTR_AGC_CHAOS_DELAY_MS,
} from '../conventions/index.js';

/** `gen_ai.operation.name` values of agent spans. */
export const AGENT_OPERATIONS: ReadonlySet<string> = new Set(['invoke_agent', 'create_agent']);
/** `gen_ai.operation.name` values of model calls. */
export const MODEL_OPERATIONS: ReadonlySet<string> = new Set([
  'chat',
  'text_completion',
  'generate_content',
  'embeddings',
]);
