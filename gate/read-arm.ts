import type { SloSpec } from '../slo/index.js';
import { RecordingReader, groupTraces, toToolCallEvent } from '../replay/index.js';
import type { RecordedTrace, RecordingReaderOptions } from '../replay/index.js';
import { ArmAccumulator } from './arm-accumulator.js';
import { traceToRun } from './trace-to-run.js';
import type { ArmMeasurements, GateConfig } from './types.js';

/**
 * Reads recordings (files or folders; OTLP/JSON lines, plain or gzip) into an
 * {@link ArmAccumulator}: spans are grouped by trace as they stream (bounded memory for the
 * spans; the per-call and per-run samples are kept), each trace is a run.
 *
 * @throws RecordingReadError when a file is unreadable, or at the first malformed line unless
 * `onMalformed: 'skip'`
 */
export async function readArmRecordings(
  paths: readonly string[],
  label = paths.join(', '),
  options: RecordingReaderOptions = {},
): Promise<ArmAccumulator> {
  const reader = new RecordingReader(paths, options);
  const arm = new ArmAccumulator(label);
  for await (const trace of groupTraces(reader.batches())) observeTrace(arm, trace);
  return arm;
}

/**
 * Feeds one trace to ARM: its tool calls, then the run (see {@link traceToRun}). Returns false
 * when the trace is not a run.
 */
export function observeTrace(arm: ArmAccumulator, trace: RecordedTrace): boolean {
  const found = traceToRun(trace);
  if (found === undefined) return false;
  for (const step of found.steps) {
    arm.observeCall(toToolCallEvent(step), {
      anomalies: step.anomalies.length,
      ...(step.replayed === true && { replayed: true }),
    });
  }
  arm.observeRun(found.run);
  return true;
}

/** {@link readArmRecordings}, then the measurements of CONFIG's metrics. */
export async function measureRecordings(
  config: GateConfig,
  slos: readonly SloSpec[],
  paths: readonly string[],
  label?: string,
): Promise<ArmMeasurements> {
  const arm = await readArmRecordings(paths, label);
  return arm.measurements(config, slos);
}
