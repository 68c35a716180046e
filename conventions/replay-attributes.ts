/** Attribute names of replay, chaos and model calls. */

/** `gen_ai.request.model`. */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
/** `gen_ai.response.model`. */
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
/**
 * `gen_ai.guardrail.security.content.input.hash`: hash of the canonical tool arguments
 * (`sha256:<hex>`), recorded with content capture on or in replay; the replay match key.
 */
export const ATTR_GEN_AI_ARGUMENTS_HASH = 'gen_ai.guardrail.security.content.input.hash';
/**
 * `agc.replay.key`: the replay match key of a tool call's arguments or a model call's request:
 * `sha256:<hex>` of the canonical JSON *after redaction*, so a re-run fed redacted recorded
 * values (served results and responses) computes the same key. Recorded with content capture on
 * or in replay.
 */
export const ATTR_AGC_REPLAY_KEY = 'agc.replay.key';
/**
 * `agc.replay.response`: a model call's response in the framework's own shape (redacted JSON),
 * recorded with content capture on; served back by a re-run (`AGC_REPLAY`).
 */
export const ATTR_AGC_REPLAY_RESPONSE = 'agc.replay.response';
/** `agc.replay.served`: the result came from the recording, the tool did not run. */
export const ATTR_AGC_REPLAY_SERVED = 'agc.replay.served';
/** `agc.replay.step`: the recorded step that served the call. */
export const ATTR_AGC_REPLAY_STEP = 'agc.replay.step';
/** `agc.replay.missing`: the recording had no match; the tool ran for real. */
export const ATTR_AGC_REPLAY_MISSING = 'agc.replay.missing';
/** `agc.chaos.experiment`: the chaos experiment's name. */
export const ATTR_AGC_CHAOS_EXPERIMENT = 'agc.chaos.experiment';
/** `agc.chaos.fault`: the injected fault's id. */
export const ATTR_AGC_CHAOS_FAULT = 'agc.chaos.fault';
/** `agc.chaos.kind`: latency | error | timeout. */
export const ATTR_AGC_CHAOS_KIND = 'agc.chaos.kind';
/** `agc.chaos.delay_ms`: the injected delay. */
export const ATTR_AGC_CHAOS_DELAY_MS = 'agc.chaos.delay_ms';
