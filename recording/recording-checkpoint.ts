import type { Attributes } from '@opentelemetry/api';
import { readRecordingSync } from './read-recording-sync.js';
import type { ChainCheckpoint } from './recording-writer.js';

/**
 * Checkpoints sent out of process: now and then (and at close) the recorder emits a span
 * {@link CHECKPOINT_SPAN_NAME} carrying the chain position of its last line — run, seq, hash —
 * through the app's trace pipeline (OTLP to the Collector), never into the recording itself.
 * `agc verify --checkpoints <what the Collector wrote>` then checks the recording against
 * them, which catches what the file alone cannot: a whole-file rewrite, or a tail cut with a
 * plain head rebuilt.
 */
export const CHECKPOINT_SPAN_NAME = 'agc.recording.checkpoint';
/** The run id of the checkpointed chain. */
export const ATTR_AGC_RECORDING_RUN = 'agc.recording.run';
/** The line number (`seq`) of the checkpointed line. */
export const ATTR_AGC_RECORDING_SEQ = 'agc.recording.seq';
/** The hash of the checkpointed line. */
export const ATTR_AGC_RECORDING_HASH = 'agc.recording.hash';
/** The chain mode. */
export const ATTR_AGC_RECORDING_MODE = 'agc.recording.mode';
/** The file (base name) the line is in. */
export const ATTR_AGC_RECORDING_FILE = 'agc.recording.file';

/** The attributes of a checkpoint span. */
export function checkpointAttributes(checkpoint: ChainCheckpoint): Attributes {
  return {
    [ATTR_AGC_RECORDING_RUN]: checkpoint.run,
    [ATTR_AGC_RECORDING_SEQ]: checkpoint.seq,
    [ATTR_AGC_RECORDING_HASH]: checkpoint.hash,
    [ATTR_AGC_RECORDING_MODE]: checkpoint.mode,
    [ATTR_AGC_RECORDING_FILE]: checkpoint.file.replace(/^.*[\\/]/, ''),
  };
}

/** One run's exported checkpoints: the file name it last named, and seq → hash. */
export interface RunCheckpoints {
  readonly file: string;
  readonly seqs: ReadonlyMap<number, string>;
}

/** Exported checkpoints, by run id. */
export type Checkpoints = ReadonlyMap<string, RunCheckpoints>;

/** The service part of a recording file name (`<service>-<time>.jsonl`). */
export function recordingStem(file: string): string {
  const name = file.replace(/^.*[\\/]/, '');
  return name.replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z\.jsonl(\.gz)?$/, '');
}

/**
 * Reads the checkpoint spans in PATHS (OTLP/JSON lines: the Collector's file exporter output,
 * or any recording). Other spans are ignored.
 *
 * @throws `RecordingReadError` when a path cannot be read or a line is not OTLP/JSON.
 */
export function readCheckpoints(paths: readonly string[]): Checkpoints {
  const runs = new Map<string, { file: string; seqs: Map<number, string> }>();
  for (const span of readRecordingSync(paths)) {
    if (span.name !== CHECKPOINT_SPAN_NAME) continue;
    const run = span.attributes[ATTR_AGC_RECORDING_RUN];
    const seq = Number(span.attributes[ATTR_AGC_RECORDING_SEQ]);
    const hash = span.attributes[ATTR_AGC_RECORDING_HASH];
    if (typeof run !== 'string' || typeof hash !== 'string' || !Number.isInteger(seq)) continue;
    const file = span.attributes[ATTR_AGC_RECORDING_FILE];
    let entry = runs.get(run);
    if (entry === undefined) runs.set(run, (entry = { file: '', seqs: new Map() }));
    if (typeof file === 'string') entry.file = file;
    entry.seqs.set(seq, hash);
  }
  return runs;
}
