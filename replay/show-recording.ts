import { RecordingReader } from '../recording/recording-reader.js';
import type { RecordingReaderOptions } from '../recording/recording-reader.js';
import { filterTree, isEmptyFilter } from './run-filter.js';
import type { RunFilter } from './run-filter.js';
import { RunSummaryBuilder } from './run-summary.js';
import type { RunSummary } from './run-summary.js';
import { groupTraces } from './trace-grouper.js';
import type { GroupTracesOptions } from './trace-grouper.js';
import { buildTraceTree } from './trace-tree.js';
import type { ReadStats, RunTree } from './types.js';

/** Options of {@link showRecording}. */
export interface ShowOptions extends RecordingReaderOptions, GroupTracesOptions {
  /** Keep only what matches. @default everything */
  readonly filter?: RunFilter;
}

/** What {@link showRecording} saw. */
export interface ShowResult {
  /** Totals over the trees shown (after filtering). */
  readonly summary: RunSummary;
  readonly stats: ReadStats;
  /** Traces handed to `onTree`. */
  readonly shown: number;
}

/**
 * Reads recordings as run trees, one trace at a time: each (filtered) tree is handed to ON_TREE
 * as soon as its trace is complete, so output starts at once and memory stays flat (ON_TREE may
 * return a promise, e.g. to wait for a slow stdout to drain, and reading waits for it).
 *
 * @throws {@link RecordingReadError} as {@link RecordingReader}.
 */
export async function showRecording(
  paths: readonly string[],
  onTree: (tree: RunTree) => void | Promise<void>,
  options: ShowOptions = {},
): Promise<ShowResult> {
  const reader = new RecordingReader(paths, options);
  const summary = new RunSummaryBuilder();
  const filter = options.filter ?? {};
  const filtering = !isEmptyFilter(filter);
  let shown = 0;
  for await (const trace of groupTraces(reader.batches(), options)) {
    const full = buildTraceTree(trace);
    const tree = filtering ? filterTree(full, filter) : full;
    if (tree === undefined) continue;
    summary.add(tree);
    shown++;
    await onTree(tree);
  }
  return { summary: summary.result(), stats: reader.stats, shown };
}
