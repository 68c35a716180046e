import { z } from 'zod';
import { DEFAULT_ABSENT_FOR } from './defaults.js';
import { parseDuration } from '../common/index.js';
import { objectiveRatios } from './objective.js';
import type { SpecDocument } from './spec-document.js';
import {
  alertNameField,
  annotationsField,
  labelsField,
  nameField,
  windowQueryField,
} from './spec-fields.js';
import type { SeverityAlerting, SloSpec } from './types.js';
import { defaultWindowSet, resolveBurnWindows } from './windows.js';

const severityAlert = z.strictObject({
  disable: z.boolean().optional(),
  labels: labelsField.optional(),
  annotations: annotationsField.optional(),
});

const unsupported = (what: string) =>
  z.unknown().refine(() => false, { error: `${what} is not supported by agc` });

/**
 * Schema of a Sloth `version: prometheus/v1` document (the subset without plugins): `service`,
 * `labels`, `slos[]` with `name`, `objective` (percent), `description`, `labels`,
 * `sli.events {error_query, total_query}` or `sli.raw {error_ratio_query}`, and `alerting`.
 */
export const slothSchema = z.strictObject({
  version: z.literal('prometheus/v1'),
  service: z.string().min(1, 'service is empty'),
  labels: labelsField.optional(),
  slo_plugins: unsupported('slo_plugins (Sloth plugins run Go code)').optional(),
  slos: z
    .array(
      z.strictObject({
        name: nameField,
        description: z.string().optional(),
        objective: z
          .number()
          .gt(0, 'must be a percentage above 0 (e.g. 99.9)')
          .lt(100, 'must be a percentage below 100: a 100 % objective has no error budget'),
        labels: labelsField.optional(),
        sli: z
          .strictObject({
            events: z
              .strictObject({ error_query: windowQueryField, total_query: windowQueryField })
              .optional(),
            raw: z.strictObject({ error_ratio_query: windowQueryField }).optional(),
            plugin: unsupported('sli.plugin (Sloth plugins run Go code)').optional(),
          })
          .refine((sli) => (sli.events ? 1 : 0) + (sli.raw ? 1 : 0) + (sli.plugin ? 1 : 0) === 1, {
            error: 'give exactly one of sli.events or sli.raw',
          }),
        alerting: z.strictObject({
          name: alertNameField,
          labels: labelsField.optional(),
          annotations: annotationsField.optional(),
          page_alert: severityAlert.optional(),
          ticket_alert: severityAlert.optional(),
        }),
        plugins: unsupported('plugins (Sloth plugins run Go code)').optional(),
      }),
    )
    .min(1, 'list at least one SLO'),
});

type SlothDoc = z.infer<typeof slothSchema>;

/** Converts a Sloth document (already schema-checked) to one {@link SloSpec} per entry of `slos`. */
export function slothToSpecs(doc: SpecDocument, value: SlothDoc, defaultPeriod: string): SloSpec[] {
  const periodMs = parseDuration(defaultPeriod) ?? 0;
  const set = defaultWindowSet(periodMs);
  const specs: SloSpec[] = [];
  value.slos.forEach((slo, i) => {
    const name = `${value.service}-${slo.name}`;
    doc.context = `slo '${name}': `;
    const ratios = objectiveRatios(slo.objective, 'percent');
    if (ratios === undefined) {
      doc.issue(
        ['slos', i, 'objective'],
        `must be a percentage strictly between 0 and 100 (e.g. 99.9), got ${slo.objective}`,
      );
      return;
    }
    if (set === undefined) {
      doc.issue(['version'], `no built-in alert windows for the default period ${defaultPeriod}`);
      return;
    }
    const page = severity(slo.alerting.page_alert);
    const ticket = severity(slo.alerting.ticket_alert);
    const severities = [
      ...(page.enabled ? ['page' as const] : []),
      ...(ticket.enabled ? ['ticket' as const] : []),
    ];
    specs.push({
      name,
      ...(slo.description !== undefined ? { description: slo.description } : {}),
      service: value.service,
      format: 'prometheus/v1',
      source: doc.position(['slos', i, 'name']),
      objectivePercent: slo.objective,
      objective: ratios.objective,
      errorBudget: ratios.errorBudget,
      periodMs,
      sli: slo.sli.events
        ? {
            kind: 'promql_events',
            errorQuery: slo.sli.events.error_query.trim(),
            totalQuery: slo.sli.events.total_query.trim(),
          }
        : { kind: 'promql_ratio', errorRatioQuery: (slo.sli.raw?.error_ratio_query ?? '').trim() },
      selector: {},
      windows: resolveBurnWindows(set.tiers, periodMs, ratios.errorBudget, undefined, severities),
      alerting: {
        name: slo.alerting.name,
        labels: slo.alerting.labels ?? {},
        annotations: slo.alerting.annotations ?? {},
        page,
        ticket,
        absentForMs: parseDuration(DEFAULT_ABSENT_FOR) ?? null,
      },
      labels: { ...(value.labels ?? {}), ...(slo.labels ?? {}) },
      circuit: null,
    });
  });
  return specs;
}

function severity(alert: z.infer<typeof severityAlert> | undefined): SeverityAlerting {
  return {
    enabled: alert?.disable !== true,
    labels: alert?.labels ?? {},
    annotations: alert?.annotations ?? {},
  };
}
