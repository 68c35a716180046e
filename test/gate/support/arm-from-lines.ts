import { ArmAccumulator, observeTrace } from '../../../gate/index.js';
import { TraceGrouper, decodeTraceRequest } from '../../../replay/index.js';

/**
 * An arm built from recording LINES in memory, through the same decoding, trace grouping and
 * run reading as `readArmRecordings` (only the file access is left out), for many-seed tests.
 */
export function armFromLines(lines: readonly string[], label = 'memory'): ArmAccumulator {
  const arm = new ArmAccumulator(label);
  const grouper = new TraceGrouper();
  lines.forEach((line, i) => {
    const spans = decodeTraceRequest(JSON.parse(line), { file: label, line: i + 1 }) ?? [];
    for (const trace of grouper.add(spans)) observeTrace(arm, trace);
  });
  for (const trace of grouper.end()) observeTrace(arm, trace);
  return arm;
}
