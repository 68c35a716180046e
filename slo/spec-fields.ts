import { z } from 'zod';
import { durationProblem, parseDuration } from '../common/index.js';

/** Zod building blocks shared by the three spec formats. */

/** SLO / metadata names: DNS-label-like, so they are safe in rule group names and labels. */
export const NAME_RE = /^[a-z0-9]([a-z0-9_.-]{0,61}[a-z0-9])?$/;
/** Prometheus label names (also used for alert names). */
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** The window placeholder Sloth queries use (also accepted with spaces). */
export const WINDOW_PLACEHOLDER_RE = /\{\{\s*\.window\s*\}\}/g;
/** Labels the generator sets itself. */
export const RESERVED_LABELS: ReadonlySet<string> = new Set(['slo', 'severity', 'service']);

/** A name (≤ 63 chars of a-z, 0-9, `-`, `_`, `.`). */
export const nameField = z
  .string()
  .regex(
    NAME_RE,
    'must be 1-63 lowercase letters, digits, -, _ or . (starting and ending alphanumeric)',
  );

/** A Prometheus duration string. */
export const durationField = z.string().refine((text) => parseDuration(text) !== undefined, {
  error: (issue) => durationProblem(String(issue.input)),
});

/** Labels added to generated series and alerts. */
export const labelsField = z.record(
  z
    .string()
    .regex(LABEL_NAME_RE, 'label names are letters, digits and _ (not starting with a digit)')
    .refine((name) => !RESERVED_LABELS.has(name) && !name.startsWith('__'), {
      error: (issue) => `label '${String(issue.input)}' is set by agc (slo, service, severity)`,
    }),
  z.string(),
);

/** Annotations: any string keys and values. */
export const annotationsField = z.record(z.string(), z.string());

/** An alert name (a Prometheus label value restricted to metric-name characters). */
export const alertNameField = z
  .string()
  .regex(LABEL_NAME_RE, 'alert names are letters, digits and _ (not starting with a digit)');

/** True when `query` contains `{{.window}}`. */
export function hasWindowPlaceholder(query: string): boolean {
  WINDOW_PLACEHOLDER_RE.lastIndex = 0;
  return WINDOW_PLACEHOLDER_RE.test(query);
}

/** A PromQL query with the `{{.window}}` placeholder. */
export const windowQueryField = z.string().min(1, 'query is empty').refine(hasWindowPlaceholder, {
  error: 'query has no {{.window}} placeholder; agc substitutes each alert window into it',
});
