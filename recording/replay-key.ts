import { canonicalHash } from '../common/canonical-json.js';
import { redactDeep } from '../common/redact.js';

/**
 * The replay match key of a tool call's arguments or a model call's request (`agc.replay.key`):
 * `sha256:<hex>` of VALUE's canonical JSON after redaction. Redaction comes first because a
 * re-run is fed the recorded values, which are redacted: a secret the original run saw is
 * `[REDACTED]` in the re-run, and both must give the same key. Strings holding JSON are
 * redacted field by field and re-serialised, as the recorder does, so the key is stable under
 * recording (`replayKey(recorded(x)) === replayKey(x)`).
 */
export function replayKey(value: unknown): string {
  return canonicalHash(redactDeep(value));
}
