import type { Span } from '@opentelemetry/api';
import {
  ATTR_AGC_REPLAY_MISSING,
  ATTR_AGC_REPLAY_SERVED,
  ATTR_AGC_REPLAY_STEP,
  ERROR_TYPE_OTHER,
} from '../conventions/index.js';
import { ReplayDivergenceError } from '../recording/index.js';
import type { RecordedCallKind, ReplayCassette } from '../recording/index.js';

/** Turns a recorded value (parsed JSON) back into what the framework expects. */
export type ReplayDecode = (recorded: unknown) => unknown;

/**
 * The body of a call in a re-run (`AGC_REPLAY`): the recorded value (decoded) or failure, served
 * without running the real call; or, when the recording has no such call or its value cannot be
 * served (cut at the capture limit), a divergence (strict) or the real call (otherwise, marked
 * `agc.replay.missing`). Always consumes the call's place in the cassette. `record` is false for
 * a real call in `passthrough` mode: its outcome is not recorded (`record-missing` records it).
 *
 * @throws {@link ReplayDivergenceError} in strict mode when the call cannot be served.
 */
export function replayBody(
  cassette: ReplayCassette,
  kind: RecordedCallKind,
  name: string,
  key: string,
  span: Span | undefined,
  run: () => unknown,
  decode: ReplayDecode = (value) => value,
): { readonly body: () => unknown; readonly record: boolean } {
  const { step, recorded, expected } = cassette.take(kind, name, key);
  let unservable: string | undefined;
  let value: unknown;
  if (recorded?.unservable !== undefined) unservable = recorded.unservable;
  else if (recorded !== undefined && !recorded.blocked && recorded.error === undefined) {
    try {
      value = recorded.value === undefined ? undefined : JSON.parse(recorded.value);
    } catch {
      unservable = `its recorded value was cut at the capture limit (AGC_CAPTURE_MAX_CHARS)`;
    }
  }
  if (recorded === undefined || recorded.blocked || unservable !== undefined) {
    if (cassette.mode === 'strict') {
      throw new ReplayDivergenceError(
        step,
        { kind, name, key },
        unservable !== undefined ? recorded : (expected ?? recorded),
        unservable,
      );
    }
    span?.setAttribute(ATTR_AGC_REPLAY_MISSING, true);
    return { body: run, record: cassette.mode === 'record-missing' };
  }
  span?.setAttributes({ [ATTR_AGC_REPLAY_SERVED]: true, [ATTR_AGC_REPLAY_STEP]: recorded.step });
  if (recorded.error !== undefined) {
    const { type, message } = recorded.error;
    const body = (): Promise<never> => {
      const error = new Error(message);
      error.name = type === ERROR_TYPE_OTHER ? 'Error' : type;
      return Promise.reject(error);
    };
    return { body, record: true };
  }
  return { body: () => Promise.resolve().then(() => decode(value)), record: true };
}
