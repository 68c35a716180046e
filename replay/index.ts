/**
 * `@agc/otel/replay`: reading recordings and debugging runs from them, offline and pure (no
 * OpenTelemetry SDK): OTLP/JSON lines from our recorder or the Collector's file exporter, plain
 * or gzip, streamed with bounded memory.
 *
 * - Read: {@link RecordingReader} (spans, line by line, malformed lines named or skipped),
 *   {@link groupTraces} (spans → traces), {@link readToolSteps}, {@link readToolCallEvents}
 *   (the `ToolCallEvent`s `slo/` and `anomaly/` consume).
 * - Show: {@link showRecording} → {@link buildTraceTree} / {@link renderRunTree},
 *   {@link RunSummaryBuilder} / {@link formatRunSummary}.
 * - Diff: {@link diffRecordings} / {@link diffToolSteps} (weighted LCS, {@link alignSequences}).
 * - What-if: {@link whatIfRecording} / {@link whatIf} / {@link WhatIfEvaluator}.
 * - Report: {@link collectReport} → {@link renderHtmlReport}.
 * - Verify: {@link verifyRecording} (sync) and {@link verifyRecordingFiles} (streaming).
 *
 * Runtime wiring: nothing on the hot path. `agc slo status` takes {@link readToolCallEvents}.
 * Re-execution (`AGC_REPLAY`) is served at run time from `recording/`'s `ReplayCassette`.
 */
export {
  ChainVerifier,
  OtlpShapeError,
  RecordingReadError,
  RecordingReader,
  anyValue,
  decodeTraceRequest,
  loadVerifyKey,
  readCheckpoints,
  readLines,
  RecordingKeyError,
  resolveRecordingFiles,
  verifyRecording,
  verifyRecordingFiles,
} from '../recording/index.js';
export type {
  AttributeValue,
  Attributes,
  ChainCheckOptions,
  ChainProblem,
  CheckpointResult,
  Checkpoints,
  ChainProblemKind,
  ChainRun,
  Compression,
  ReadLinesOptions,
  ReadProblem,
  ReadStats,
  RecordedEvent,
  RecordedSpan,
  RecordingFile,
  RecordingReadErrorKind,
  RecordingReaderOptions,
  SourceLine,
  SourceRef,
  SpanBatch,
  StatusCode,
  VerifyFilesOptions,
  VerifyResult,
} from '../recording/index.js';
export { TraceGrouper, groupTraces } from './trace-grouper.js';
export type { GroupTracesOptions } from './trace-grouper.js';
export { isToolSpan, stepTokens, toToolCallEvent, toToolStep } from './tool-step.js';
export { readToolCallEvents, readToolSteps } from './read-tool-calls.js';
export { buildTraceTree, spanRole } from './trace-tree.js';
export { filterTree, isEmptyFilter, stepMatches, traceMatches } from './run-filter.js';
export type { RunFilter } from './run-filter.js';
export { RunSummaryBuilder } from './run-summary.js';
export type { ChaosTally, RunSummary, ToolTally } from './run-summary.js';
export { formatRunSummary, renderRunTree } from './show-renderer.js';
export type { RenderOptions } from './show-renderer.js';
export { showRecording } from './show-recording.js';
export type { ShowOptions, ShowResult } from './show-recording.js';
export { TERMINAL_PALETTE, formatMs, formatTime, painter, truncate } from './terminal-style.js';
export type { Paint, PaletteRole } from './terminal-style.js';
export { StartOrderBuffer, orderByStart } from './start-order.js';
export type { StartOrderOptions } from './start-order.js';
export { alignSequences } from './lcs-align.js';
export type { AlignOptions, AlignedPair, Alignment } from './lcs-align.js';
export { diffJson, parseJsonText } from './json-diff.js';
export type { JsonDifference } from './json-diff.js';
export { describeDivergence, diffRecordings, diffToolSteps } from './recording-diff.js';
export type {
  DiffField,
  DiffOptions,
  DiffRecordingsOptions,
  FieldDifference,
  NumberDelta,
  RecordingDiff,
  SideTotals,
  StepDiff,
  StepDiffKind,
} from './recording-diff.js';
export { formatRecordingDiff } from './format-diff.js';
export type { FormatDiffOptions } from './format-diff.js';
export { WhatIfEvaluator, whatIf, whatIfRecording } from './what-if.js';
export type {
  FlipDirection,
  ResponsibleRule,
  WhatIfChange,
  WhatIfOptions,
  WhatIfRecordingOptions,
  WhatIfResult,
  WhatIfRunOptions,
  WhatIfVerdict,
} from './what-if.js';
export { formatWhatIf } from './format-what-if.js';
export type { FormatWhatIfOptions } from './format-what-if.js';
export { collectReport } from './report-data.js';
export type { CollectReportOptions, ReportData } from './report-data.js';
export { REPORT_COLORS, renderHtmlReport } from './html-report.js';
export { ProgressMeter, formatProgress } from './progress.js';
export type { ProgressMeterOptions } from './progress.js';
export {
  ATTR_AGC_CHAOS_DELAY_MS,
  ATTR_AGC_CHAOS_EXPERIMENT,
  ATTR_AGC_CHAOS_FAULT,
  ATTR_AGC_CHAOS_KIND,
  ATTR_AGC_REPLAY_SERVED,
  ATTR_GEN_AI_ARGUMENTS_HASH,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
} from './recorded-attributes.js';
export type {
  ModelCall,
  RecordedAnomaly,
  RecordedChaos,
  RecordedTrace,
  RunNode,
  RunTree,
  SpanRole,
  ToolStep,
} from './types.js';
