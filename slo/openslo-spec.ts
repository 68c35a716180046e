import { z } from 'zod';
import { DEFAULT_ABSENT_FOR, DEFAULT_ALERT_NAME } from './defaults.js';
import { parseDuration } from '../common/index.js';
import { objectiveRatios } from './objective.js';
import type { SpecDocument, SpecPath } from './spec-document.js';
import { annotationsField, hasWindowPlaceholder, nameField } from './spec-fields.js';
import type { PromQlSli, SloSpec } from './types.js';
import { defaultWindowSet, resolveBurnWindows } from './windows.js';

/**
 * OpenSLO v1, the subset agc understands: `SLO` (rolling `timeWindow`, `budgetingMethod:
 * Occurrences`, one objective) with an inline `indicator` or an `indicatorRef` to an `SLI`
 * document; ratio SLIs (`good`/`bad` + `total`, or `raw` + `rawType`) and threshold SLIs, each
 * metric a Prometheus `metricSource.spec.query`; and `Service` documents (accepted, unused).
 */

const metricQuery = z.strictObject({
  metricSource: z.strictObject({
    metricSourceRef: z.string().optional(),
    type: z.string().optional(),
    spec: z.strictObject({ query: z.string().min(1, 'query is empty') }),
  }),
});

const sliSpec = z.strictObject({
  description: z.string().optional(),
  thresholdMetric: metricQuery.optional(),
  ratioMetric: z
    .strictObject({
      counter: z.boolean(),
      good: metricQuery.optional(),
      bad: metricQuery.optional(),
      total: metricQuery.optional(),
      raw: metricQuery.optional(),
      rawType: z.enum(['success', 'failure']).optional(),
    })
    .optional(),
});

const metadata = z.strictObject({
  name: nameField,
  displayName: z.string().optional(),
  labels: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  annotations: annotationsField.optional(),
});

/** OpenSLO `kind: SLI` document. */
export const openSloSliSchema = z.strictObject({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('SLI'),
  metadata,
  spec: sliSpec,
});

/** OpenSLO `kind: Service` document (validated, otherwise unused). */
export const openSloServiceSchema = z.strictObject({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('Service'),
  metadata,
  spec: z.strictObject({ description: z.string().optional() }).optional(),
});

/** OpenSLO `kind: SLO` document (supported subset). */
export const openSloSchema = z.strictObject({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('SLO'),
  metadata,
  spec: z.strictObject({
    description: z.string().optional(),
    service: z.string().min(1),
    indicator: z.strictObject({ metadata, spec: sliSpec }).optional(),
    indicatorRef: z.string().min(1).optional(),
    timeWindow: z
      .array(
        z.strictObject({
          duration: z.string(),
          isRolling: z.boolean(),
          calendar: z.unknown().optional(),
        }),
      )
      .length(1, 'give exactly one time window'),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']),
    objectives: z
      .array(
        z.strictObject({
          displayName: z.string().optional(),
          op: z.enum(['lt', 'lte', 'gt', 'gte']).optional(),
          value: z.number().optional(),
          target: z.number().optional(),
          targetPercent: z.number().optional(),
          timeSliceTarget: z.number().optional(),
          timeSliceWindow: z.string().optional(),
        }),
      )
      .length(1, 'agc supports exactly one objective per SLO'),
    alertPolicies: z.unknown().optional(),
  }),
});

/** An SLI spec as parsed, with where it was defined (for indicatorRef resolution). */
export interface OpenSloSli {
  readonly spec: z.infer<typeof sliSpec>;
  readonly doc: SpecDocument;
  readonly path: SpecPath;
}

type OpenSloDoc = z.infer<typeof openSloSchema>;

/**
 * Converts an OpenSLO SLO document to an {@link SloSpec}. `resolveSli` finds `indicatorRef`
 * targets among the SLI documents loaded alongside.
 */
export function openSloToSpec(
  doc: SpecDocument,
  value: OpenSloDoc,
  resolveSli: (name: string) => OpenSloSli | undefined,
): SloSpec | undefined {
  const { spec } = value;
  doc.context = `slo '${value.metadata.name}': `;
  let ok = true;
  const fail = (path: SpecPath, message: string): void => {
    doc.issue(path, message);
    ok = false;
  };
  const window = spec.timeWindow[0];
  const periodMs = window ? parseDuration(window.duration) : undefined;
  if (window && !window.isRolling) {
    fail(
      ['spec', 'timeWindow', 0, 'isRolling'],
      'calendar windows are not supported: use isRolling: true',
    );
  } else if (window && window.calendar !== undefined) {
    fail(
      ['spec', 'timeWindow', 0, 'calendar'],
      'calendar windows are not supported: remove calendar',
    );
  }
  if (window && periodMs === undefined) {
    fail(
      ['spec', 'timeWindow', 0, 'duration'],
      `'${window.duration}' is not a rolling duration (e.g. 28d, 4w)`,
    );
  }
  const set = periodMs !== undefined ? defaultWindowSet(periodMs) : undefined;
  if (periodMs !== undefined && set === undefined) {
    fail(
      ['spec', 'timeWindow', 0, 'duration'],
      `no built-in alert windows for ${window?.duration} (use 30d or 28d)`,
    );
  }
  if (spec.budgetingMethod !== 'Occurrences') {
    fail(['spec', 'budgetingMethod'], `${spec.budgetingMethod} is not supported: use Occurrences`);
  }
  if (spec.alertPolicies !== undefined) {
    fail(
      ['spec', 'alertPolicies'],
      'alertPolicies are not supported: agc generates multi-window multi-burn-rate alerts',
    );
  }
  const objective = spec.objectives[0];
  const ratios = objective ? objectiveOf(doc, objective, fail) : undefined;
  const sli = indicator(doc, value, resolveSli, objective, fail);
  if (!ok || !ratios || !sli || periodMs === undefined || !set) return undefined;
  const labels = Object.fromEntries(
    Object.entries(value.metadata.labels ?? {}).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.join(',') : v,
    ]),
  );
  const absentForMs = parseDuration(DEFAULT_ABSENT_FOR) ?? null;
  return {
    name: value.metadata.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    service: spec.service,
    format: 'openslo/v1',
    source: doc.position(['metadata', 'name']),
    objectivePercent: Number((ratios.objective * 100).toPrecision(12)),
    objective: ratios.objective,
    errorBudget: ratios.errorBudget,
    periodMs,
    sli,
    selector: {},
    windows: resolveBurnWindows(set.tiers, periodMs, ratios.errorBudget),
    alerting: {
      name: DEFAULT_ALERT_NAME,
      labels: {},
      annotations: {},
      page: { enabled: true, labels: {}, annotations: {} },
      ticket: { enabled: true, labels: {}, annotations: {} },
      absentForMs,
    },
    labels,
    circuit: null,
  };
}

type Objective = OpenSloDoc['spec']['objectives'][number];
type Fail = (path: SpecPath, message: string) => void;

function objectiveOf(doc: SpecDocument, objective: Objective, fail: Fail) {
  const path = ['spec', 'objectives', 0];
  if (objective.timeSliceTarget !== undefined || objective.timeSliceWindow !== undefined) {
    fail(
      [...path, objective.timeSliceTarget !== undefined ? 'timeSliceTarget' : 'timeSliceWindow'],
      'time slices are not supported (Occurrences only)',
    );
  }
  if ((objective.target === undefined) === (objective.targetPercent === undefined)) {
    fail(path, 'give exactly one of target (0..1) or targetPercent (0..100)');
    return undefined;
  }
  const ratios =
    objective.target !== undefined
      ? objectiveRatios(objective.target, 'ratio')
      : objectiveRatios(objective.targetPercent ?? 0, 'percent');
  if (ratios === undefined) {
    const key = objective.target !== undefined ? 'target' : 'targetPercent';
    doc.issue(
      [...path, key],
      objective.target !== undefined
        ? 'target must be strictly between 0 and 1'
        : 'targetPercent must be strictly between 0 and 100',
    );
  }
  return ratios;
}

function indicator(
  doc: SpecDocument,
  value: OpenSloDoc,
  resolveSli: (name: string) => OpenSloSli | undefined,
  objective: Objective | undefined,
  fail: Fail,
): PromQlSli | undefined {
  const { spec } = value;
  if ((spec.indicator === undefined) === (spec.indicatorRef === undefined)) {
    fail(['spec'], 'give exactly one of indicator or indicatorRef');
    return undefined;
  }
  let sli: OpenSloSli | undefined;
  if (spec.indicator) sli = { spec: spec.indicator.spec, doc, path: ['spec', 'indicator', 'spec'] };
  else {
    sli = resolveSli(spec.indicatorRef ?? '');
    if (!sli) {
      fail(['spec', 'indicatorRef'], `no SLI document named '${spec.indicatorRef}' was loaded`);
      return undefined;
    }
  }
  return sliOf(sli, objective, fail);
}

function sliOf(
  sli: OpenSloSli,
  objective: Objective | undefined,
  fail: Fail,
): PromQlSli | undefined {
  const { spec, doc, path } = sli;
  // Problems inside a referenced SLI document are reported at that document's position.
  const report = (p: SpecPath, message: string): undefined => {
    doc.issue([...path, ...p], message);
    return undefined;
  };
  if ((spec.ratioMetric === undefined) === (spec.thresholdMetric === undefined)) {
    return report([], 'give exactly one of ratioMetric or thresholdMetric');
  }
  if (spec.thresholdMetric) {
    if (objective?.op === undefined || objective.value === undefined) {
      fail(['spec', 'objectives', 0], 'a thresholdMetric SLI needs op and value on the objective');
      return undefined;
    }
    return {
      kind: 'promql_threshold',
      query: spec.thresholdMetric.metricSource.spec.query.trim(),
      op: objective.op,
      value: objective.value,
    };
  }
  const ratio = spec.ratioMetric;
  if (!ratio) return undefined;
  if (objective?.op !== undefined || objective?.value !== undefined) {
    fail(['spec', 'objectives', 0], 'op and value apply to thresholdMetric SLIs only');
    return undefined;
  }
  const query = (key: 'good' | 'bad' | 'total' | 'raw'): string | undefined => {
    const text = ratio[key]?.metricSource.spec.query.trim();
    if (text !== undefined && !hasWindowPlaceholder(text)) {
      report(
        ['ratioMetric', key, 'metricSource', 'spec', 'query'],
        'query has no {{.window}} placeholder; agc substitutes each alert window into it',
      );
      return undefined;
    }
    return text;
  };
  const shapes = [ratio.good && ratio.total, ratio.bad && ratio.total, ratio.raw && ratio.rawType];
  if (shapes.filter(Boolean).length !== 1 || (ratio.good && ratio.bad)) {
    return report(['ratioMetric'], 'give good + total, bad + total, or raw + rawType');
  }
  if (ratio.raw) {
    const raw = query('raw');
    if (raw === undefined) return undefined;
    return {
      kind: 'promql_ratio',
      errorRatioQuery: ratio.rawType === 'failure' ? raw : `1 - (${raw})`,
    };
  }
  const total = query('total');
  const good = ratio.good ? query('good') : undefined;
  const bad = ratio.bad ? query('bad') : undefined;
  if (total === undefined || (good === undefined && bad === undefined)) return undefined;
  return { kind: 'promql_events', errorQuery: bad ?? `(${total}) - (${good})`, totalQuery: total };
}
