import type { ToolCallEvent } from '../conventions/index.js';
import { compileGlobs } from '../common/index.js';
import type { NativeSli, Selector } from './types.js';

/** The event is outside the SLI (other agent/tool, blocked call for a run-time SLI, no data). */
export const SLI_IGNORED = 0;
/** The event counts and is good. */
export const SLI_GOOD = 1;
/** The event counts and is bad. */
export const SLI_BAD = 2;
/** What an SLI makes of one event. */
export type SliOutcome = typeof SLI_IGNORED | typeof SLI_GOOD | typeof SLI_BAD;

/** Classifies one event for one SLO; compiled once, allocation-free per call. */
export type SliClassifier = (event: ToolCallEvent) => SliOutcome;

/**
 * Compiles a native SLI and its selector. The same rules as the generated PromQL:
 * - `tool_success`: calls that ran (`outcome` ok|error); bad = `error`.
 * - `tool_latency`: calls that ran; good = `durationMs / 1000 <= thresholdMs / 1000`, the test
 *   prom-client applies for the histogram bucket `le`.
 * - `deny_ratio`: every call; bad = decision `deny` (from the listed sources, if any).
 * - `tokens_per_call` / `cost_per_call`: calls that ran and report the value; bad = above.
 */
export function compileSli(sli: NativeSli, selector: Selector): SliClassifier {
  const agents = compileGlobs(selector.agents);
  const tools = compileGlobs(selector.tools);
  const judge = judgeFor(sli);
  return (event) => {
    if (agents !== undefined && !agents.test(event.agentId)) return SLI_IGNORED;
    if (tools !== undefined && !tools.test(event.tool)) return SLI_IGNORED;
    return judge(event);
  };
}

function judgeFor(sli: NativeSli): SliClassifier {
  switch (sli.kind) {
    case 'tool_success':
      return (e) => (e.blocked ? SLI_IGNORED : e.error ? SLI_BAD : SLI_GOOD);
    case 'tool_latency': {
      const le = sli.thresholdMs / 1000;
      return (e) => (e.blocked ? SLI_IGNORED : e.durationMs / 1000 <= le ? SLI_GOOD : SLI_BAD);
    }
    case 'deny_ratio': {
      const sources = sli.sources && sli.sources.length > 0 ? new Set(sli.sources) : undefined;
      return (e) =>
        e.decision === 'deny' && (sources === undefined || sources.has(e.source))
          ? SLI_BAD
          : SLI_GOOD;
    }
    case 'tokens_per_call': {
      const max = sli.threshold;
      return (e) =>
        e.blocked || e.tokens === undefined ? SLI_IGNORED : e.tokens <= max ? SLI_GOOD : SLI_BAD;
    }
    case 'cost_per_call': {
      const max = sli.threshold;
      return (e) =>
        e.blocked || e.costUsd === undefined ? SLI_IGNORED : e.costUsd <= max ? SLI_GOOD : SLI_BAD;
    }
  }
}

const NATIVE_KINDS: ReadonlySet<string> = new Set([
  'tool_success',
  'tool_latency',
  'deny_ratio',
  'tokens_per_call',
  'cost_per_call',
]);

/** True for the SLIs computed in process (native); false for PromQL (Sloth, OpenSLO) SLIs. */
export function isNativeSli(sli: { readonly kind: string }): sli is NativeSli {
  return NATIVE_KINDS.has(sli.kind);
}
