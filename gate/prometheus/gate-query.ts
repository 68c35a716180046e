import { parseSelector } from './selector.js';

/** Series the gate server answers on its Prometheus-compatible `/api/v1/query`. */
export const GATE_VERDICT_SERIES = 'agc_gate_verdict';
/** See {@link GATE_VERDICT_SERIES}: the score (0..100, NaN when nothing was judged). */
export const GATE_SCORE_SERIES = 'agc_gate_score';

/** A parsed `agc_gate_verdict{...}` / `agc_gate_score{...}` query. */
export interface GateQuery {
  readonly series: typeof GATE_VERDICT_SERIES | typeof GATE_SCORE_SERIES;
  /** The equality matchers, as request parameters. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses the one query shape the gate server's Prometheus shim understands, so Flagger's
 * `prometheus` metric provider (which can only run PromQL) can call the gate:
 * `agc_gate_verdict{baseline="...", canary="...", window="5m", namespace="..."}`. The labels are
 * the request's parameters (equality matchers only).
 *
 * @throws Error naming what is wrong
 */
export function parseGateQuery(query: string): GateQuery {
  const match = /^\s*(agc_gate_verdict|agc_gate_score)\s*(\{[\s\S]*\})?\s*$/.exec(query);
  if (match === null) {
    throw new Error(
      `only ${GATE_VERDICT_SERIES}{...} and ${GATE_SCORE_SERIES}{...} can be queried`,
    );
  }
  const params: Record<string, string> = {};
  for (const m of parseSelector(match[2] ?? '{}')) {
    if (m.op !== '=') throw new Error(`label ${m.name}: only = matchers are supported`);
    params[m.name] = m.value;
  }
  return { series: match[1] as GateQuery['series'], params };
}
