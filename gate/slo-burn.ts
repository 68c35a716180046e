import type { ToolCallEvent } from '../conventions/index.js';
import { SLI_IGNORED, SloCalculator, isNativeSli } from '../slo/index.js';
import type { SloSpec } from '../slo/index.js';
import type { SloBurnFinding, SloMeasurement } from './types.js';

/**
 * Would these calls alone page? Counts EVENTS through one `SloCalculator` per native SLO (the
 * runtime's own calculators, time taken from the events, never the clock) and asks at the last
 * counted event whether a page tier fires: burn above the tier's factor on both its long and
 * short windows, with the long window past the minimum-events guard. That is the state an
 * alert would be in when the canary's observation ends, as `agc slo status` reports it; asking
 * after every event instead would test the same hypothesis thousands of times over the noisy
 * first minutes. PromQL-only specs are left out (no in-process calculator).
 */
export function sloBurn(
  specs: readonly SloSpec[],
  events: readonly ToolCallEvent[],
): SloMeasurement {
  const sorted = [...events].sort((a, b) => a.timeMs - b.timeMs);
  const findings: SloBurnFinding[] = [];
  for (const spec of specs) {
    if (!isNativeSli(spec.sli)) continue;
    const calculator = new SloCalculator(spec);
    let counted = 0;
    let lastMs = Number.NaN;
    for (const event of sorted) {
      if (calculator.record(event) === SLI_IGNORED) continue;
      counted++;
      lastMs = event.timeMs;
    }
    const seen = counted > 0;
    findings.push({
      slo: spec.name,
      paging: seen && calculator.pageFiring(lastMs),
      events: counted,
      burnRate: seen ? calculator.evaluate(lastMs).burnRate : Number.NaN,
    });
  }
  return { kind: 'slo', findings };
}
