import { z } from 'zod';
import { DECISION_SOURCES } from '../conventions/index.js';
import {
  DEFAULT_ABSENT_FOR,
  DEFAULT_ALERT_NAME,
  DEFAULT_CIRCUIT_COOL_DOWN,
  DEFAULT_CIRCUIT_PROBES,
  DEFAULT_PERIOD,
} from './defaults.js';
import { parseDuration } from '../common/index.js';
import { objectiveRatios } from './objective.js';
import type { SpecDocument } from './spec-document.js';
import {
  alertNameField,
  annotationsField,
  durationField,
  labelsField,
  nameField,
} from './spec-fields.js';
import type { AlertWindowTier, NativeSli, SloSpec } from './types.js';
import { WINDOW_SETS, defaultWindowSet, resolveBurnWindows } from './windows.js';

const tierSchema = z.strictObject({
  severity: z.enum(['page', 'ticket']),
  budgetPercent: z.number().gt(0, 'must be above 0').max(100, 'must be at most 100'),
  long: durationField,
  short: durationField,
});

const sliSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tool_success') }),
  z.strictObject({
    kind: z.literal('tool_latency'),
    thresholdMs: z.number().positive('must be above 0'),
  }),
  z.strictObject({
    kind: z.literal('deny_ratio'),
    sources: z.array(z.enum(DECISION_SOURCES)).min(1, 'list at least one source').optional(),
  }),
  z.strictObject({
    kind: z.literal('tokens_per_call'),
    threshold: z.number().nonnegative('must be 0 or more'),
  }),
  z.strictObject({
    kind: z.literal('cost_per_call'),
    threshold: z.number().nonnegative('must be 0 or more'),
  }),
]);

const globs = z.array(z.string().min(1, 'empty glob')).min(1, 'list at least one glob');

/** Schema of a native `apiVersion: agc/v1`, `kind: SLO` document. */
export const nativeSloSchema = z.strictObject({
  apiVersion: z.literal('agc/v1'),
  kind: z.literal('SLO'),
  metadata: z.strictObject({
    name: nameField,
    displayName: z.string().optional(),
    labels: labelsField.optional(),
  }),
  spec: z.strictObject({
    description: z.string().optional(),
    service: z.string().min(1).optional(),
    objective: z
      .number()
      .gt(0, 'must be a percentage above 0 (e.g. 99.5)')
      .lt(100, 'must be a percentage below 100: a 100 % objective has no error budget'),
    window: durationField.optional(),
    sli: sliSchema,
    selector: z.strictObject({ agents: globs.optional(), tools: globs.optional() }).optional(),
    alerting: z
      .strictObject({
        name: alertNameField.optional(),
        minEvents: z.number().int('must be a whole number').nonnegative().optional(),
        windows: z.union([z.string(), z.array(tierSchema).min(1)]).optional(),
        page: z.boolean().optional(),
        ticket: z.boolean().optional(),
        absentFor: z.union([durationField, z.literal(false)]).optional(),
        labels: labelsField.optional(),
        annotations: annotationsField.optional(),
      })
      .optional(),
    circuit: z
      .strictObject({
        enabled: z.boolean(),
        coolDown: durationField.optional(),
        probes: z.number().int('must be a whole number').positive().optional(),
      })
      .optional(),
  }),
});

type NativeDoc = z.infer<typeof nativeSloSchema>;

/** Converts a native document (already schema-checked) to an {@link SloSpec}; issues go to `doc`. */
export function nativeToSpec(
  doc: SpecDocument,
  value: NativeDoc,
  durationBucketsSeconds: readonly number[],
): SloSpec | undefined {
  const { metadata, spec } = value;
  doc.context = `slo '${metadata.name}': `;
  let ok = true;
  const fail = (path: (string | number)[], message: string): void => {
    doc.issue(path, message);
    ok = false;
  };
  const ratios = objectiveRatios(spec.objective, 'percent');
  if (ratios === undefined) {
    fail(
      ['spec', 'objective'],
      `must be a percentage strictly between 0 and 100 (e.g. 99.5), got ${spec.objective}`,
    );
  }
  const periodMs = parseDuration(spec.window ?? DEFAULT_PERIOD) ?? 0;
  const tiers = windowTiers(doc, spec.window ?? DEFAULT_PERIOD, periodMs, spec.alerting?.windows);
  if (tiers === undefined) ok = false;
  if (spec.sli.kind === 'tool_latency') {
    const message = bucketProblem(spec.sli.thresholdMs, durationBucketsSeconds);
    if (message) fail(['spec', 'sli', 'thresholdMs'], message);
  }
  const circuit = spec.circuit?.enabled === true ? spec.circuit : undefined;
  if (circuit) {
    if (!spec.selector?.agents && !spec.selector?.tools) {
      fail(
        ['spec', 'circuit', 'enabled'],
        'a circuit needs spec.selector.agents or spec.selector.tools: an unscoped circuit would deny every call',
      );
    }
    if (spec.sli.kind === 'deny_ratio') {
      fail(
        ['spec', 'circuit', 'enabled'],
        'a circuit cannot act on a deny_ratio SLO (denying more calls would feed it)',
      );
    }
  }
  if (!ok || ratios === undefined || tiers === undefined) return undefined;
  const alerting = spec.alerting ?? {};
  const severities = (['page', 'ticket'] as const).filter((s) => alerting[s] !== false);
  const absentFor = alerting.absentFor ?? DEFAULT_ABSENT_FOR;
  return {
    name: metadata.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.service !== undefined ? { service: spec.service } : {}),
    format: 'agc/v1',
    source: doc.position(['metadata', 'name']),
    objectivePercent: spec.objective,
    objective: ratios.objective,
    errorBudget: ratios.errorBudget,
    periodMs,
    sli: spec.sli as NativeSli,
    selector: {
      ...(spec.selector?.agents ? { agents: spec.selector.agents } : {}),
      ...(spec.selector?.tools ? { tools: spec.selector.tools } : {}),
    },
    windows: resolveBurnWindows(
      tiers,
      periodMs,
      ratios.errorBudget,
      alerting.minEvents,
      severities,
    ),
    alerting: {
      name: alerting.name ?? DEFAULT_ALERT_NAME,
      labels: alerting.labels ?? {},
      annotations: alerting.annotations ?? {},
      page: { enabled: alerting.page !== false, labels: {}, annotations: {} },
      ticket: { enabled: alerting.ticket !== false, labels: {}, annotations: {} },
      absentForMs: absentFor === false ? null : (parseDuration(absentFor) ?? null),
    },
    labels: metadata.labels ?? {},
    circuit: circuit
      ? {
          coolDownMs: parseDuration(circuit.coolDown ?? DEFAULT_CIRCUIT_COOL_DOWN) ?? 0,
          probes: circuit.probes ?? DEFAULT_CIRCUIT_PROBES,
        }
      : null,
  };
}

function windowTiers(
  doc: SpecDocument,
  window: string,
  periodMs: number,
  windows: string | readonly AlertWindowTier[] | undefined,
): readonly AlertWindowTier[] | undefined {
  const path = ['spec', 'alerting', 'windows'];
  if (windows === undefined) {
    const set = defaultWindowSet(periodMs);
    if (set === undefined) {
      doc.issue(
        ['spec', 'window'],
        `no built-in alert windows for ${window} (${builtInSets()}); set spec.alerting.windows`,
      );
    }
    return set?.tiers;
  }
  if (typeof windows === 'string') {
    const set = WINDOW_SETS[windows];
    if (set === undefined) {
      doc.issue(path, `unknown window set '${windows}' (${builtInSets()})`);
      return undefined;
    }
    if (parseDuration(set.period) !== periodMs) {
      doc.issue(path, `window set '${windows}' is for a ${set.period} SLO, this one is ${window}`);
      return undefined;
    }
    return set.tiers;
  }
  let ok = true;
  windows.forEach((tier, i) => {
    const longMs = parseDuration(tier.long) ?? 0;
    const shortMs = parseDuration(tier.short) ?? 0;
    if (shortMs >= longMs) {
      doc.issue(
        [...path, i, 'short'],
        `short window ${tier.short} must be shorter than long window ${tier.long}`,
      );
      ok = false;
    }
    for (const key of ['long', 'short'] as const) {
      const ms = parseDuration(tier[key]) ?? 0;
      if (ms % 60_000 !== 0 || ms > periodMs) {
        doc.issue(
          [...path, i, key],
          `${tier[key]} must be whole minutes and at most the SLO window ${window}`,
        );
        ok = false;
      }
    }
  });
  return ok ? windows : undefined;
}

function builtInSets(): string {
  return Object.values(WINDOW_SETS)
    .map((set) => `${set.name} for ${set.period}`)
    .join(', ');
}

/**
 * Latency thresholds must be a bucket bound of `agc_tool_call_duration_seconds`, otherwise the
 * generated `le` matcher would select nothing. Returns the problem, naming the nearest bounds.
 */
export function bucketProblem(
  thresholdMs: number,
  bucketsSeconds: readonly number[],
): string | undefined {
  const seconds = thresholdMs / 1000;
  if (bucketsSeconds.includes(seconds)) return undefined;
  const below = bucketsSeconds.filter((b) => b < seconds).at(-1);
  const above = bucketsSeconds.find((b) => b > seconds);
  const near = [below, above]
    .filter((b): b is number => b !== undefined)
    .map((b) => `${Math.round(b * 1e6) / 1e3}`)
    .join(' and ');
  return `${thresholdMs} ms is not a bucket bound of agc_tool_call_duration_seconds; nearest bounds: ${near} (ms)`;
}
