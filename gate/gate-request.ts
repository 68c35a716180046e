import { isAbsolute, relative, resolve } from 'node:path';
import type { SloSpec } from '../slo/index.js';
import { durationProblem, parseDuration } from '../common/index.js';
import { DEFAULT_SELECTOR_TEMPLATE, armMatchers } from './prometheus/arm-selector.js';
import type { PrometheusClient } from './prometheus/prometheus-client.js';
import type { LabelMatcher } from './prometheus/selector.js';
import { gatePrometheus, gateRecordings } from './run-gate.js';
import type { GateConfig, GateReport } from './types.js';

/** One judgement asked of `agc gate serve`. */
export interface GateRequest {
  /** `prometheus` (selectors) or `recordings` (paths under the server's recordings folder). */
  readonly source: 'prometheus' | 'recordings';
  /** Selector or arm name (prometheus), or recording paths (recordings). */
  readonly baseline: readonly string[];
  readonly canary: readonly string[];
  /** Lookback (prometheus). */
  readonly window?: string;
  /** Other parameters: values for the selector template's `{{var}}`s. */
  readonly vars: Readonly<Record<string, string>>;
}

/** What the server judges with. */
export interface GateService {
  readonly config: GateConfig;
  readonly slos: readonly SloSpec[];
  /** Enables the prometheus source. */
  readonly prometheus?: {
    readonly client: PrometheusClient;
    /** Turns arm names into selectors. @default DEFAULT_SELECTOR_TEMPLATE */
    readonly selectorTemplate?: string;
    /** Window when a request gives none. @default '30m' */
    readonly defaultWindow?: string;
  };
  /** Enables the recordings source: request paths resolve under this folder and must stay in it. */
  readonly recordingsRoot?: string;
}

/** A request the gate cannot run (HTTP 400). */
export class GateRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GateRequestError';
  }
}

const RESERVED = new Set(['baseline', 'canary', 'window', 'source']);

/**
 * Reads a request from query-string or JSON-body parameters: `baseline` and `canary` (strings;
 * recording paths may be comma-separated or arrays), optional `window` and `source`
 * (default: prometheus when the server has Prometheus, else recordings). Every other string
 * parameter is a template variable.
 *
 * @throws {@link GateRequestError}
 */
export function parseGateRequest(
  params: Readonly<Record<string, unknown>>,
  service: GateService,
): GateRequest {
  const source = params.source ?? (service.prometheus ? 'prometheus' : 'recordings');
  if (source !== 'prometheus' && source !== 'recordings') {
    throw new GateRequestError(
      `source must be prometheus or recordings, not ${JSON.stringify(source)}`,
    );
  }
  const list = (name: 'baseline' | 'canary'): string[] => {
    const value = params[name];
    const items = Array.isArray(value)
      ? value.map(String)
      : typeof value === 'string'
        ? source === 'recordings'
          ? value.split(',')
          : [value]
        : [];
    const kept = items.map((s) => s.trim()).filter((s) => s !== '');
    if (kept.length === 0) throw new GateRequestError(`missing ${name}`);
    return kept;
  };
  const window = params.window;
  if (window !== undefined && (typeof window !== 'string' || parseDuration(window) === undefined)) {
    throw new GateRequestError(
      `window: ${durationProblem(typeof window === 'string' ? window : JSON.stringify(window))}`,
    );
  }
  const vars: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!RESERVED.has(key) && typeof value === 'string') vars[key] = value;
  }
  return {
    source,
    baseline: list('baseline'),
    canary: list('canary'),
    ...(typeof window === 'string' && { window }),
    vars,
  };
}

/**
 * Runs a request.
 *
 * @throws {@link GateRequestError} for a source the server does not offer, a bad selector or a
 * path outside the recordings folder; PrometheusQueryError and RecordingReadError as the
 * sources throw them
 */
export async function runGateRequest(
  service: GateService,
  request: GateRequest,
): Promise<GateReport> {
  if (request.source === 'prometheus') {
    const prom = service.prometheus;
    if (prom === undefined)
      throw new GateRequestError('this server has no Prometheus (--prometheus)');
    const template = prom.selectorTemplate ?? DEFAULT_SELECTOR_TEMPLATE;
    let baseline: LabelMatcher[];
    let canary: LabelMatcher[];
    try {
      baseline = armMatchers(request.baseline.join(','), template, request.vars);
      canary = armMatchers(request.canary.join(','), template, request.vars);
    } catch (error) {
      throw new GateRequestError(error instanceof Error ? error.message : String(error));
    }
    return gatePrometheus(service.config, service.slos, {
      prometheus: prom.client,
      baseline,
      canary,
      window: request.window ?? prom.defaultWindow ?? '30m',
    });
  }
  const root = service.recordingsRoot;
  if (root === undefined)
    throw new GateRequestError('this server has no recordings folder (--recordings)');
  const inside = (path: string): string => {
    const full = resolve(root, path);
    const rel = relative(resolve(root), full);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new GateRequestError(`recording '${path}' is outside the recordings folder`);
    }
    return full;
  };
  return gateRecordings(
    service.config,
    service.slos,
    request.baseline.map(inside),
    request.canary.map(inside),
    { baseline: request.baseline.join(','), canary: request.canary.join(',') },
  );
}
