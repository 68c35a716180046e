import { RecordingReader } from '../recording/recording-reader.js';
import type { RecordingReaderOptions } from '../recording/recording-reader.js';
import { RunSummaryBuilder } from './run-summary.js';
import type { RunSummary } from './run-summary.js';
import { groupTraces } from './trace-grouper.js';
import type { GroupTracesOptions } from './trace-grouper.js';
import { buildTraceTree } from './trace-tree.js';
import type { ReadStats, RunNode, ToolStep } from './types.js';

/** What the HTML report shows. Plain data: {@link renderHtmlReport} turns it into a page. */
export interface ReportData {
  /** Page title. */
  readonly title: string;
  /** The recordings read. */
  readonly files: readonly string[];
  readonly summary: RunSummary;
  /** Tool calls in start order (the first `maxCalls` read). */
  readonly steps: readonly ToolStep[];
  /** More calls were read than `steps` holds. */
  readonly truncated: boolean;
  readonly stats: ReadStats;
}

/** Options of {@link collectReport}. */
export interface CollectReportOptions extends RecordingReaderOptions, GroupTracesOptions {
  /** Title of the page. @default 'agc replay report' */
  readonly title?: string;
  /** Calls drawn and listed one by one (the summary counts all). @default 5000 */
  readonly maxCalls?: number;
}

/**
 * Reads recordings into {@link ReportData}: the full summary plus the first `maxCalls` tool
 * calls, so a huge recording still gives a page a browser can open.
 *
 * @throws {@link RecordingReadError} as {@link RecordingReader}.
 */
export async function collectReport(
  paths: readonly string[],
  options: CollectReportOptions = {},
): Promise<ReportData> {
  const reader = new RecordingReader(paths, options);
  const summary = new RunSummaryBuilder();
  const max = options.maxCalls ?? 5000;
  const steps: ToolStep[] = [];
  let seen = 0;
  for await (const trace of groupTraces(reader.batches(), options)) {
    const tree = buildTraceTree(trace);
    summary.add(tree);
    const stack: RunNode[] = [...tree.roots];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      for (const child of node.children) stack.push(child);
      if (node.step === undefined) continue;
      seen++;
      if (steps.length < max) steps.push(node.step);
    }
  }
  steps.sort((a, b) => a.startMs - b.startMs);
  return {
    title: options.title ?? 'agc replay report',
    files: reader.files.map((f) => f.path),
    summary: summary.result(),
    steps,
    truncated: seen > steps.length,
    stats: reader.stats,
  };
}
