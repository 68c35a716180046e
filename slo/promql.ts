import {
  escapePromqlString,
  formatDuration,
  globsToRegexSource,
  isGlob,
  parseDuration,
} from '../common/index.js';
import {
  LABEL_AGENT,
  LABEL_DECISION,
  LABEL_OUTCOME,
  LABEL_RESULT,
  LABEL_SERVICE,
  LABEL_SLO,
  LABEL_SOURCE,
  LABEL_TOOL,
  METRIC_TOOL_CALLS,
  METRIC_SLO_EVENTS,
  METRIC_TOOL_CALL_DURATION,
} from '../conventions/index.js';
import { THRESHOLD_SAMPLE_STEP } from './defaults.js';
import { WINDOW_PLACEHOLDER_RE } from './spec-fields.js';
import type { NativeSli, PromQlSli, SloSpec } from './types.js';

/**
 * PromQL for one SLO's SLI at any window. Native SLIs query the runtime's metrics with the same
 * rules as `compileSli`; Sloth/OpenSLO SLIs substitute the window into their own queries.
 */
export interface SliQueries {
  /** Events in window `w` (a count), or undefined when the SLI has no event count (raw ratios). */
  events(w: string): string | undefined;
  /**
   * Error ratio over window `w`: a ratio of sums over the whole window. Native SLIs divide by
   * `recordedEvents` (the already recorded event count of `w`) when given, saving a second scan.
   */
  errorRatio(w: string, recordedEvents?: string): string;
  /** Expression for `absent(...)`: the SLI's input series. */
  absentInput(): string;
}

/** Builds the queries of `spec`'s SLI. */
export function sliQueries(spec: SloSpec): SliQueries {
  const sli = spec.sli;
  switch (sli.kind) {
    case 'promql_events':
    case 'promql_ratio':
    case 'promql_threshold':
      return promQlQueries(sli, spec);
    default:
      return nativeQueries(sli, spec);
  }
}

interface Counted {
  readonly total: string;
  /** Bad-event count over `[w]`, as an expression. */
  readonly bad: (w: string) => string;
  readonly absent: string;
}

/** Sums of native SLIs keep the service label: each service of a fleet is its own SLI. */
const BY_SERVICE = `sum by (${LABEL_SERVICE})`;

function nativeQueries(sli: NativeSli, spec: SloSpec): SliQueries {
  const { total, bad, absent } = countedSeries(sli, spec);
  const totalOver = (w: string): string => `${BY_SERVICE} (increase(${total}[${w}]))`;
  return {
    events: totalOver,
    // A service with events and no bad ones has ratio 0 (the `or` fills in its zero); matching
    // `on (job)` pairs the per-service numerator with the recording, which has the SLO's labels.
    errorRatio: (w, recorded) =>
      recorded === undefined
        ? `(${bad(w)} or 0 * ${totalOver(w)}) / (${totalOver(w)} > 0)`
        : `(${bad(w)} or on (${LABEL_SERVICE}) 0 * ${recorded}) / on (${LABEL_SERVICE}) (${recorded} > 0)`,
    absentInput: () => absent,
  };
}

function countedSeries(sli: NativeSli, spec: SloSpec): Counted {
  const base = selectorMatchers(spec);
  const ran = `${LABEL_OUTCOME}=~"ok|error"`;
  const calls = METRIC_TOOL_CALLS.name;
  switch (sli.kind) {
    case 'tool_success': {
      const total = series(calls, [...base, ran]);
      const errors = series(calls, [...base, `${LABEL_OUTCOME}="error"`]);
      return { total, bad: (w) => `${BY_SERVICE} (increase(${errors}[${w}]))`, absent: total };
    }
    case 'deny_ratio': {
      const denied = [...base, `${LABEL_DECISION}="deny"`];
      if (sli.sources && sli.sources.length > 0) {
        denied.push(`${LABEL_SOURCE}=~"${sli.sources.join('|')}"`);
      }
      const total = series(calls, base);
      const bad = series(calls, denied);
      return { total, bad: (w) => `${BY_SERVICE} (increase(${bad}[${w}]))`, absent: total };
    }
    case 'tool_latency': {
      const count = series(`${METRIC_TOOL_CALL_DURATION.name}_count`, [...base, ran]);
      const good = series(`${METRIC_TOOL_CALL_DURATION.name}_bucket`, [
        ...base,
        ran,
        leMatcher(sli.thresholdMs / 1000),
      ]);
      return {
        total: count,
        bad: (w) =>
          `(${BY_SERVICE} (increase(${count}[${w}])) - ${BY_SERVICE} (increase(${good}[${w}])))`,
        absent: count,
      };
    }
    case 'tokens_per_call':
    case 'cost_per_call': {
      // No per-call token/cost histogram is exported: count the in-process SLI's own events.
      const slo = `${LABEL_SLO}="${escapePromqlString(spec.name)}"`;
      const total = series(METRIC_SLO_EVENTS.name, [slo]);
      const bad = series(METRIC_SLO_EVENTS.name, [slo, `${LABEL_RESULT}="bad"`]);
      return { total, bad: (w) => `${BY_SERVICE} (increase(${bad}[${w}]))`, absent: total };
    }
  }
}

function promQlQueries(sli: PromQlSli, spec: SloSpec): SliQueries {
  const shortest = formatDuration(Math.min(...spec.windows.map((w) => w.shortMs), spec.periodMs));
  switch (sli.kind) {
    case 'promql_events':
      return {
        // Sloth's queries are per-second rates (its documented convention): events = rate × window.
        events: (w) => `(${withWindow(sli.totalQuery, w)}) * ${seconds(w)}`,
        errorRatio: (w) =>
          `(${withWindow(sli.errorQuery, w)}) / (${withWindow(sli.totalQuery, w)})`,
        absentInput: () => withWindow(sli.totalQuery, shortest),
      };
    case 'promql_ratio':
      return {
        events: () => undefined,
        errorRatio: (w) => `(${withWindow(sli.errorRatioQuery, w)})`,
        absentInput: () => withWindow(sli.errorRatioQuery, shortest),
      };
    case 'promql_threshold': {
      const bad = `(${sli.query}) ${BAD_OP[sli.op]} bool ${sli.value}`;
      return {
        events: (w) => `count_over_time((${sli.query})[${w}:${THRESHOLD_SAMPLE_STEP}])`,
        errorRatio: (w) => `avg_over_time((${bad})[${w}:${THRESHOLD_SAMPLE_STEP}])`,
        absentInput: () => sli.query,
      };
    }
  }
}

/** The comparison that makes a threshold sample bad (the negation of the objective's `op`). */
const BAD_OP = { lt: '>=', lte: '>', gt: '<=', gte: '<' } as const;

function withWindow(query: string, w: string): string {
  return query.replace(WINDOW_PLACEHOLDER_RE, w);
}

function seconds(w: string): number {
  return (parseDuration(w) ?? 0) / 1000;
}

/** Matchers of a native selector: `agent`/`tool` equality for one literal, regex for globs. */
export function selectorMatchers(spec: SloSpec): string[] {
  const out: string[] = [];
  for (const [label, globs] of [
    [LABEL_AGENT, spec.selector.agents],
    [LABEL_TOOL, spec.selector.tools],
  ] as const) {
    if (!globs || globs.length === 0) continue;
    const [only] = globs;
    if (globs.length === 1 && only !== undefined && !isGlob(only)) {
      out.push(`${label}="${escapePromqlString(only)}"`);
    } else {
      out.push(`${label}=~"${escapePromqlString(globsToRegexSource(globs))}"`);
    }
  }
  return out;
}

/**
 * `le` matcher for a bucket bound. Prometheus 3 normalises integral bounds (`1` → `1.0`) and
 * 2.x keeps what prom-client wrote (`1`), so integral bounds match both spellings.
 */
export function leMatcher(bound: number): string {
  const text = String(bound);
  return /^\d+$/.test(text) ? `le=~"${text}|${text}.0"` : `le="${text}"`;
}

function series(metric: string, matchers: readonly string[]): string {
  return matchers.length > 0 ? `${metric}{${matchers.join(',')}}` : metric;
}
