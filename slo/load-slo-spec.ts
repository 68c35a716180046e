import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { METRIC_TOOL_CALL_DURATION } from '../conventions/index.js';
import { DEFAULT_PERIOD } from './defaults.js';
import { parseDuration, yamlValue } from '../common/index.js';
import { nativeSloSchema, nativeToSpec } from './native-spec.js';
import {
  openSloSchema,
  openSloServiceSchema,
  openSloSliSchema,
  openSloToSpec,
  type OpenSloSli,
} from './openslo-spec.js';
import { isNativeSli } from './sli-classifier.js';
import { SloCalculator } from './slo-calculator.js';
import { SloError } from './slo-error.js';
import { slothSchema, slothToSpecs } from './sloth-spec.js';
import { SpecDocument, yamlType } from './spec-document.js';
import type { SloIssue, SloSpec } from './types.js';

/** Options of {@link parseSloSpecs} and {@link loadSloSpecs}. */
export interface LoadSloOptions {
  /** SLO period of Sloth specs, which have none. @default '30d' */
  readonly defaultPeriod?: string;
  /**
   * Bucket bounds (seconds) of `agc_tool_call_duration_seconds`; native latency thresholds must
   * be one of them. @default the buckets declared in conventions
   */
  readonly durationBuckets?: readonly number[];
}

/** One spec source: a file name (for messages) and its text. */
interface SloSpecSource {
  readonly file: string;
  readonly text: string;
}

/**
 * Reads and parses SLO spec files (YAML, multi-document; native `agc/v1`, OpenSLO `openslo/v1`
 * and Sloth `prometheus/v1` may be mixed). OpenSLO `indicatorRef`s resolve across all files.
 * @throws SloError listing every problem with file:line:column (unreadable files included)
 */
export function loadSloSpecs(
  paths: string | readonly string[],
  options: LoadSloOptions = {},
): SloSpec[] {
  const issues: SloIssue[] = [];
  const sources: SloSpecSource[] = [];
  for (const file of typeof paths === 'string' ? [paths] : paths) {
    try {
      sources.push({ file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      issues.push({ file, line: 1, column: 1, message: `cannot read spec file: ${reason}` });
    }
  }
  return parseSources(sources, options, issues);
}

/**
 * Parses SLO specs from text (see {@link loadSloSpecs}); `file` names the text in messages.
 * @throws SloError listing every problem with file:line:column
 */
export function parseSloSpecs(
  text: string,
  options: LoadSloOptions & { readonly file?: string } = {},
): SloSpec[] {
  return parseSources([{ file: options.file ?? '<input>', text }], options, []);
}

interface PendingOpenSlo {
  readonly doc: SpecDocument;
  readonly value: z.infer<typeof openSloSchema>;
}

function parseSources(
  sources: readonly SloSpecSource[],
  options: LoadSloOptions,
  issues: SloIssue[],
): SloSpec[] {
  const defaultPeriod = options.defaultPeriod ?? DEFAULT_PERIOD;
  if (parseDuration(defaultPeriod) === undefined) {
    throw new RangeError(`defaultPeriod '${defaultPeriod}' is not a duration`);
  }
  const buckets = options.durationBuckets ?? METRIC_TOOL_CALL_DURATION.buckets ?? [];
  const specs: SloSpec[] = [];
  const openSlos: PendingOpenSlo[] = [];
  const slis = new Map<string, OpenSloSli>();
  for (const { file, text } of sources) {
    const lines = new LineCounter();
    for (const yamlDoc of parseAllDocuments(text, { lineCounter: lines })) {
      const doc = new SpecDocument(file, yamlDoc, lines, issues);
      if (yamlDoc.errors.length > 0) {
        for (const error of yamlDoc.errors) {
          const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
          const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
          issues.push({ file, line: pos.line, column: pos.col, message: `YAML: ${message}` });
        }
        continue;
      }
      const parsed = yamlValue(yamlDoc, lines);
      if (!parsed.ok) {
        issues.push({ file, line: parsed.line, column: parsed.column, message: parsed.message });
        continue;
      }
      const value = parsed.value;
      if (value === null || value === undefined) continue;
      const parse = <S extends z.ZodType>(schema: S): z.infer<S> | undefined => {
        const result = schema.safeParse(value);
        if (!result.success) doc.zodIssues(result.error, value);
        return result.success ? result.data : undefined;
      };
      const kind = documentKind(value);
      doc.context = contextOf(value);
      if (kind === 'agc/v1') {
        const parsed = parse(nativeSloSchema);
        const spec = parsed && nativeToSpec(doc, parsed, buckets);
        if (spec) specs.push(spec);
      } else if (kind === 'prometheus/v1') {
        const parsed = parse(slothSchema);
        if (parsed) specs.push(...slothToSpecs(doc, parsed, defaultPeriod));
      } else if (kind === 'openslo/v1:SLO') {
        const parsed = parse(openSloSchema);
        if (parsed) openSlos.push({ doc, value: parsed });
      } else if (kind === 'openslo/v1:SLI') {
        const parsed = parse(openSloSliSchema);
        if (parsed) {
          doc.context = `sli '${parsed.metadata.name}': `;
          slis.set(parsed.metadata.name, { spec: parsed.spec, doc, path: ['spec'] });
        }
      } else if (kind === 'openslo/v1:Service') {
        parse(openSloServiceSchema);
      } else {
        reportUnknownDocument(doc, value, kind);
      }
    }
  }
  for (const { doc, value } of openSlos) {
    const spec = openSloToSpec(doc, value, (name) => slis.get(name));
    if (spec) specs.push(spec);
  }
  checkSpecs(specs, issues);
  if (issues.length > 0) {
    throw new SloError(
      [...issues].sort(
        (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
      ),
    );
  }
  return specs;
}

/** `slo 'name': ` (or `sli`, `service`, ...) from a raw document, so schema errors name it. */
function contextOf(value: unknown): string {
  const record = (value ?? {}) as {
    metadata?: { name?: unknown };
    kind?: unknown;
    version?: unknown;
    service?: unknown;
  };
  if (record.version === 'prometheus/v1' && typeof record.service === 'string') {
    return `service '${record.service}': `;
  }
  const name = record.metadata?.name;
  if (typeof name !== 'string') return '';
  const kind = typeof record.kind === 'string' ? record.kind.toLowerCase() : 'document';
  return `${kind} '${name}': `;
}

type DocumentKind = 'agc/v1' | 'prometheus/v1' | `openslo/v1:${string}` | 'unknown';

function documentKind(value: unknown): DocumentKind {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'unknown';
  const record = value as Record<string, unknown>;
  if (record.version === 'prometheus/v1') return 'prometheus/v1';
  if (record.apiVersion === 'agc/v1') return 'agc/v1';
  if (record.apiVersion === 'openslo/v1') return `openslo/v1:${String(record.kind)}`;
  return 'unknown';
}

function reportUnknownDocument(doc: SpecDocument, value: unknown, kind: DocumentKind): void {
  if (kind.startsWith('openslo/v1:')) {
    doc.issue(
      ['kind'],
      `OpenSLO kind ${yamlType((value as { kind?: unknown }).kind)} is not supported (SLO, SLI, Service)`,
    );
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const key = 'apiVersion' in record ? 'apiVersion' : 'version' in record ? 'version' : undefined;
    const got = key ? ` ${yamlType(record[key])}` : '';
    doc.issue(
      key ? [key] : [],
      `unknown SLO document${got}: expected apiVersion agc/v1 or openslo/v1, or Sloth version prometheus/v1`,
    );
  } else {
    doc.issue([], `expected a mapping (an SLO document), got ${yamlType(value)}`);
  }
}

/** Cross-spec checks: unique names, and native specs the calculator can hold. */
function checkSpecs(specs: readonly SloSpec[], issues: SloIssue[]): void {
  const seen = new Map<string, SloSpec>();
  for (const spec of specs) {
    const first = seen.get(spec.name);
    if (first) {
      issues.push({
        ...spec.source,
        message: `slo '${spec.name}': duplicate SLO name (first defined at ${first.source.file}:${first.source.line}:${first.source.column})`,
      });
    } else seen.set(spec.name, spec);
    if (isNativeSli(spec.sli)) {
      try {
        new SloCalculator(spec);
      } catch (error) {
        issues.push({
          ...spec.source,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
