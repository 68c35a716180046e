import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DECISION_SOURCES } from '../conventions/index.js';
import { parseYamlSource, yamlPosition } from '../policy/index.js';
import type { SourceDocument } from '../policy/index.js';
import { DEFAULT_GATE_CONFIG, MEASURE_DEFAULTS, MEASURE_FAMILY } from './defaults.js';
import { GateConfigError } from './gate-config-error.js';
import type { GateIssue } from './gate-config-error.js';
import type { GateConfig, GateGroupConfig, GateMeasure, GateMetricConfig } from './types.js';

const ratio = z.number().positive('must be above 0');

const metricSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, 'must be a name (letters, digits, _ . -)'),
  measure: z.enum(Object.keys(MEASURE_FAMILY) as [GateMeasure, ...GateMeasure[]]),
  direction: z.enum(['increase', 'decrease', 'either']).optional(),
  allowedIncrease: ratio.optional(),
  allowedDecrease: ratio.optional(),
  criticalIncrease: ratio.optional(),
  criticalDecrease: ratio.optional(),
  minAbsDelta: z.number().nonnegative('must be 0 or more').optional(),
  minSamples: z.number().int('must be a whole number').nonnegative('must be 0 or more').optional(),
  critical: z.boolean().optional(),
  mustHaveData: z.boolean().optional(),
  tolerance: z.number().nonnegative('must be 0 or more').max(1, 'must be at most 1').optional(),
  test: z.enum(['auto', 'fisher', 'z']).optional(),
  sources: z.array(z.enum(DECISION_SOURCES)).optional(),
});

const groupSchema = z.strictObject({
  name: z.string().min(1, 'must not be empty'),
  weight: z.number().nonnegative('must be 0 or more'),
  metrics: z.array(metricSchema).min(1, 'list at least one metric'),
});

const percent = z.number().min(0, 'must be 0..100').max(100, 'must be 0..100');

const gateSchema = z.strictObject({
  apiVersion: z.literal('agc/v1'),
  kind: z.literal('Gate'),
  metadata: z.strictObject({ name: z.string().min(1, 'must not be empty') }),
  spec: z
    .strictObject({
      alpha: z.number().gt(0, 'must be above 0').lt(0.5, 'must be below 0.5').optional(),
      criticalAlpha: z.number().gt(0, 'must be above 0').lt(0.5, 'must be below 0.5').optional(),
      thresholds: z
        .strictObject({ pass: percent.optional(), marginal: percent.optional() })
        .optional(),
      slo: z.strictObject({ specs: z.array(z.string().min(1)).optional() }).optional(),
      groups: z.array(groupSchema).min(1, 'list at least one group').optional(),
    })
    .optional(),
});

type GateDocument = z.infer<typeof gateSchema>;

/**
 * Reads a gate file (YAML or JSON, one `apiVersion: agc/v1, kind: Gate` document). Omitted
 * fields take the defaults of {@link DEFAULT_GATE_CONFIG}: `alpha`, each threshold and `slo`
 * individually, `groups` as a whole (a file that lists groups lists all of them), and each
 * metric's omitted settings from its measure's defaults. SLO spec paths resolve against the
 * gate file's folder.
 *
 * @throws {@link GateConfigError} listing every problem with file:line:column
 */
export function loadGateConfig(file: string): GateConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GateConfigError([{ file, line: 1, column: 1, message: `cannot read: ${reason}` }]);
  }
  return parseGateConfig(text, file);
}

/**
 * Parses gate text (see {@link loadGateConfig}); FILE names it in messages and anchors relative
 * SLO spec paths.
 *
 * @throws {@link GateConfigError} listing every problem with file:line:column
 */
export function parseGateConfig(text: string, file = '<input>'): GateConfig {
  const { documents, issues } = parseYamlSource(text, file);
  if (issues.length > 0) throw new GateConfigError(issues);
  const [source, extra] = documents;
  if (source === undefined) {
    throw new GateConfigError([{ file, line: 1, column: 1, message: 'no Gate document' }]);
  }
  if (extra !== undefined) {
    const at = yamlPosition(extra, []);
    throw new GateConfigError([
      { file, line: at.line, column: at.column, message: 'one Gate document per file' },
    ]);
  }
  const parsed = gateSchema.safeParse(source.value);
  if (!parsed.success) throw new GateConfigError(zodIssues(source, parsed.error));
  const found: GateIssue[] = [];
  const config = toConfig(parsed.data, source, file, found);
  if (found.length > 0) throw new GateConfigError(found);
  return config;
}

function toConfig(
  doc: GateDocument,
  source: SourceDocument,
  file: string,
  issues: GateIssue[],
): GateConfig {
  const spec = doc.spec ?? {};
  const issue = (path: readonly PropertyKey[], message: string): void => {
    const at = yamlPosition(source, path);
    issues.push({ file, line: at.line, column: at.column, message: `${dotted(path)}: ${message}` });
  };
  const thresholds = { ...DEFAULT_GATE_CONFIG.thresholds, ...spec.thresholds };
  if (thresholds.marginal > thresholds.pass) {
    issue(['spec', 'thresholds', 'marginal'], `must not exceed pass (${thresholds.pass})`);
  }
  const alpha = spec.alpha ?? DEFAULT_GATE_CONFIG.alpha;
  const criticalAlpha = spec.criticalAlpha ?? DEFAULT_GATE_CONFIG.criticalAlpha;
  if (criticalAlpha > alpha) {
    issue(
      ['spec', spec.criticalAlpha === undefined ? 'alpha' : 'criticalAlpha'],
      `criticalAlpha (${criticalAlpha}) must not exceed alpha (${alpha})`,
    );
  }
  const base = file === '<input>' ? process.cwd() : dirname(resolve(file));
  const groups =
    spec.groups === undefined
      ? DEFAULT_GATE_CONFIG.groups
      : spec.groups.map((group, g) => toGroup(group, ['spec', 'groups', g], issue));
  checkNames(spec.groups, issue);
  if (groups.reduce((sum, group) => sum + group.weight, 0) <= 0) {
    issue(['spec', 'groups'], 'the group weights must add up to more than 0');
  }
  return {
    name: doc.metadata.name,
    alpha,
    criticalAlpha,
    thresholds,
    sloSpecs: (spec.slo?.specs ?? []).map((path) => resolve(base, path)),
    groups,
    file,
  };
}

type IssueSink = (path: readonly PropertyKey[], message: string) => void;

function toGroup(
  group: z.infer<typeof groupSchema>,
  path: readonly PropertyKey[],
  issue: IssueSink,
): GateGroupConfig {
  return {
    name: group.name,
    weight: group.weight,
    metrics: group.metrics.map((m, i) => toMetric(m, group.name, [...path, 'metrics', i], issue)),
  };
}

function toMetric(
  m: z.infer<typeof metricSchema>,
  group: string,
  path: readonly PropertyKey[],
  issue: IssueSink,
): GateMetricConfig {
  const { name, measure, ...settings } = m;
  const metric: GateMetricConfig = { name, measure, group, ...MEASURE_DEFAULTS[measure] };
  const merged: GateMetricConfig = { ...metric, ...definedOnly(settings) };
  if (merged.allowedIncrease < 1) issue([...path, 'allowedIncrease'], 'must be 1 or more');
  if (merged.criticalIncrease < merged.allowedIncrease) {
    issue(
      [...path, 'criticalIncrease'],
      `must be at least allowedIncrease (${merged.allowedIncrease})`,
    );
  }
  if (merged.allowedDecrease > 1) issue([...path, 'allowedDecrease'], 'must be 1 or less');
  if (merged.criticalDecrease > merged.allowedDecrease) {
    issue(
      [...path, 'criticalDecrease'],
      `must be at most allowedDecrease (${merged.allowedDecrease})`,
    );
  }
  if (m.sources !== undefined && measure !== 'deny_rate') {
    issue([...path, 'sources'], `only deny_rate metrics take sources (this one is ${measure})`);
  }
  if (m.test !== undefined && MEASURE_FAMILY[measure] !== 'rate') {
    issue(
      [...path, 'test'],
      `only rate metrics take a test (${measure} is a ${MEASURE_FAMILY[measure]})`,
    );
  }
  return merged;
}

function checkNames(
  groups: readonly { name: string; metrics: readonly { name: string }[] }[] | undefined,
  issue: IssueSink,
): void {
  if (groups === undefined) return;
  const groupNames = new Set<string>();
  const metricNames = new Set<string>();
  groups.forEach((group, g) => {
    if (groupNames.has(group.name))
      issue(['spec', 'groups', g, 'name'], `duplicate group '${group.name}'`);
    groupNames.add(group.name);
    group.metrics.forEach((m, i) => {
      if (metricNames.has(m.name)) {
        issue(['spec', 'groups', g, 'metrics', i, 'name'], `duplicate metric '${m.name}'`);
      }
      metricNames.add(m.name);
    });
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function zodIssues(source: SourceDocument, error: z.ZodError): GateIssue[] {
  const out: GateIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const at = yamlPosition(source, issue.path, key);
        out.push({
          file: source.file,
          line: at.line,
          column: at.column,
          message: `${dotted([...issue.path, key])}: unknown field`,
        });
      }
      continue;
    }
    const at = yamlPosition(source, issue.path);
    const value = valueAt(source.value, issue.path);
    const message =
      value === undefined && issue.code === 'invalid_type'
        ? 'missing required field'
        : describe(issue);
    out.push({
      file: source.file,
      line: at.line,
      column: at.column,
      message: `${dotted(issue.path)}: ${message}`,
    });
  }
  return out;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') {
    if (issue.values.length === 1) return `expected ${String(issue.values[0])}`;
    return `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  return issue.message.replace(/^Too (small|big): /, '');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}

/** `['spec', 'groups', 0, 'name']` → `spec.groups[0].name` (the document root when empty). */
function dotted(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(document)';
  return path
    .map((step, i) =>
      typeof step === 'number' ? `[${step}]` : i === 0 ? String(step) : `.${String(step)}`,
    )
    .join('');
}
