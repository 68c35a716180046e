import type { ToolCallEvent } from '../conventions/index.js';
import { RecordingReader } from '../recording/recording-reader.js';
import type { RecordingReaderOptions } from '../recording/recording-reader.js';
import { toToolCallEvent, toToolStep } from './tool-step.js';
import type { ToolStep } from './types.js';

/**
 * The governed tool calls of recordings, in recording order (calls are written as they end, so
 * this is end order within one process). Streams: memory does not grow with the files.
 *
 * @throws {@link RecordingReadError} when a file is unreadable, or at the first malformed line
 * unless `onMalformed: 'skip'`.
 */
export async function* readToolSteps(
  paths: readonly string[] | RecordingReader,
  options: RecordingReaderOptions = {},
): AsyncGenerator<ToolStep> {
  const reader = paths instanceof RecordingReader ? paths : new RecordingReader(paths, options);
  for await (const batch of reader.batches()) {
    for (const span of batch.spans) {
      const step = toToolStep(span);
      if (step !== undefined) yield step;
    }
  }
}

/**
 * The {@link ToolCallEvent}s of recordings (one per `execute_tool` span, built as the runtime
 * builds them from live spans), for the pure modules offline: `agc slo status`, anomaly replays.
 * Recording order; consumers that need time order sort (as `evaluateRecordedEvents` does).
 *
 * @throws {@link RecordingReadError} as {@link readToolSteps}.
 */
export async function* readToolCallEvents(
  paths: readonly string[],
  options: RecordingReaderOptions = {},
): AsyncGenerator<ToolCallEvent> {
  for await (const step of readToolSteps(paths, options)) yield toToolCallEvent(step);
}
