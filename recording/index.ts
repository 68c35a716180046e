/**
 * `recording/`: the recording format, written once — OTLP/JSON lines with a tamper-evident hash
 * chain. The writer (the recorder's file sink), the readers (streaming and at start-up), file
 * discovery, chain verification, and the cassette `AGC_REPLAY` serves recorded outcomes from.
 * Internal: `@agc/otel/replay` re-exports what users read recordings with.
 */
export { ChainVerifier } from './chain-verifier.js';
export type { ChainProblem, ChainProblemKind, ChainRun } from './chain-verifier.js';
export { readLines } from './line-source.js';
export type { ReadLinesOptions, SourceLine } from './line-source.js';
export { OtlpShapeError, anyValue, attributes, decodeTraceRequest } from './otlp-json.js';
export { readRecordingSync } from './read-recording-sync.js';
export {
  RECORDING_CHAIN_ATTRIBUTE,
  RECORDING_CHAIN_GENESIS,
  RECORDING_CHAIN_VERSION,
  formatRecordingHead,
  parseRecordingChain,
  parseRecordingHead,
  recordingChainHash,
  recordingChainHashV2,
} from './recording-chain.js';
export type { ChainHead, ChainLink, ChainMode } from './recording-chain.js';
export { ioMessage, resolveRecordingFiles } from './recording-files.js';
export type { Compression, RecordingFile } from './recording-files.js';
export { RecordingReadError } from './recording-read-error.js';
export type { RecordingReadErrorKind } from './recording-read-error.js';
export { RecordingReader } from './recording-reader.js';
export { redactedSpan, redactedSpans } from './redacted-span.js';
export type { RecordingReaderOptions, SpanBatch } from './recording-reader.js';
export { RecordingWriter } from './recording-writer.js';
export type { RecordingWriterOptions } from './recording-writer.js';
export { ReplayCassette } from './replay-cassette.js';
export type {
  CassetteMatch,
  RecordedCall,
  RecordedCallKind,
  ReplayMode,
} from './replay-cassette.js';
export { ReplayDivergenceError } from './replay-divergence-error.js';
export type { ReplayCallRef } from './replay-divergence-error.js';
export { replayKey } from './replay-key.js';
export { verifyRecording, verifyRecordingFiles } from './verify-recording.js';
export type { VerifyFilesOptions, VerifyResult } from './verify-recording.js';
export type {
  AttributeValue,
  Attributes,
  ReadProblem,
  ReadStats,
  RecordedEvent,
  RecordedSpan,
  SourceRef,
  StatusCode,
} from './types.js';
export { loadSigningKey, loadVerifyKey, RecordingKeyError } from './recording-keys.js';
export { pruneRecordings } from './recording-retention.js';
export type { RetentionBounds } from './recording-retention.js';
export type { ChainCheckpoint } from './recording-writer.js';
export type { ChainCheckOptions, CheckpointResult } from './chain-verifier.js';
export {
  ATTR_AGC_RECORDING_FILE,
  ATTR_AGC_RECORDING_HASH,
  ATTR_AGC_RECORDING_MODE,
  ATTR_AGC_RECORDING_RUN,
  ATTR_AGC_RECORDING_SEQ,
  CHECKPOINT_SPAN_NAME,
  checkpointAttributes,
  readCheckpoints,
} from './recording-checkpoint.js';
export type { Checkpoints } from './recording-checkpoint.js';
