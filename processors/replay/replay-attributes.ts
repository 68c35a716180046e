// The names live in conventions/; re-exported for the processors API.
export {
  ATTR_AGC_REPLAY_MISSING,
  ATTR_AGC_REPLAY_SERVED,
  ATTR_AGC_REPLAY_STEP,
  ATTR_GEN_AI_ARGUMENTS_HASH,
} from '../../conventions/index.js';
