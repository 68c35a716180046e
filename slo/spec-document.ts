import { isMap, isNode, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type { z } from 'zod';
import type { SloIssue, SourcePosition } from './types.js';

/** A path into a YAML document, as zod reports it. */
export type SpecPath = readonly PropertyKey[];

/**
 * One YAML document of a spec file, with positions: turns paths (from zod issues and semantic
 * checks) into `file:line:column` issues pointing at the offending key or value.
 */
export class SpecDocument {
  readonly file: string;
  private readonly doc: Document;
  private readonly lines: LineCounter;
  private readonly sink: SloIssue[];
  /** Prefix of every message, e.g. `slo 'checkout': `. */
  context = '';

  constructor(file: string, doc: Document, lines: LineCounter, sink: SloIssue[]) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
    this.sink = sink;
  }

  /** Position of the value at `path` (or of its key with `at: 'key'`), else the nearest parent. */
  position(path: SpecPath, at: 'key' | 'value' = 'value'): SourcePosition {
    const offset = this.offsetOf(path, at);
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** Records an issue at `path`: `<context><dotted.path>: <message>`. */
  issue(path: SpecPath, message: string, at: 'key' | 'value' = 'value'): void {
    const where = path.length > 0 ? `${formatPath(path)}: ` : '';
    this.sink.push({ ...this.position(path, at), message: `${this.context}${where}${message}` });
  }

  /** Records every zod issue of a failed parse of `input` (the document's JS value). */
  zodIssues(error: z.ZodError, input: unknown, base: SpecPath = []): void {
    for (const issue of error.issues) {
      const path = [...base, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) this.issue([...path, key], 'unknown field', 'key');
      } else if (issue.code === 'invalid_key') {
        this.issue(path, `invalid key: ${issue.issues[0]?.message ?? issue.message}`, 'key');
      } else if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
        this.issue(path, `missing required field`, 'key');
      } else {
        this.issue(path, describeIssue(issue, valueAt(input, issue.path)));
      }
    }
  }

  private offsetOf(path: SpecPath, at: 'key' | 'value'): number {
    // Walk down as far as the document goes; a missing leaf points at its parent's key.
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    for (let i = 0; i < path.length; i++) {
      const step = path[i];
      const next = childOf(node, step);
      if (next === undefined) {
        return (keyNode ?? asNode(node))?.range?.[0] ?? 0;
      }
      node = next.value;
      keyNode = next.key;
    }
    if (at === 'key' && keyNode !== undefined) return keyNode.range?.[0] ?? 0;
    return asNode(node)?.range?.[0] ?? keyNode?.range?.[0] ?? this.doc.range?.[0] ?? 0;
  }
}

function childOf(
  node: unknown,
  step: PropertyKey | undefined,
): { key?: Node; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) =>
      isPair(item) ? (isScalar(item.key) ? item.key.value : item.key) === step : false,
    );
    if (pair === undefined) return undefined;
    const key = isNode(pair.key) ? pair.key : undefined;
    return { ...(key ? { key } : {}), value: pair.value ?? pair.key };
  }
  if (node !== null && typeof node === 'object' && 'items' in node && typeof step === 'number') {
    const items = (node as { items: unknown[] }).items;
    return step < items.length ? { value: items[step] } : undefined;
  }
  return undefined;
}

function asNode(value: unknown): Node | undefined {
  return isNode(value) ? value : undefined;
}

/** `['spec', 'sli', 0, 'kind']` → `spec.sli[0].kind`. */
export function formatPath(path: SpecPath): string {
  return path
    .map((step, i) =>
      typeof step === 'number' ? `[${step}]` : i === 0 ? String(step) : `.${String(step)}`,
    )
    .join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}

/** Names a JS value's type as a YAML user sees it. */
export function yamlType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}, got ${yamlType(value)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}, got ${yamlType(value)}`;
    case 'invalid_union':
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const options = (issue as { options?: unknown[] }).options ?? [];
        return `unknown ${issue.discriminator} ${yamlType(value)}; expected one of ${options.map(String).join(', ')}`;
      }
      return issue.message;
    case 'too_small':
    case 'too_big':
      return issue.message.replace(/^Too (small|big): /, '');
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
  };
  return names[expected] ?? expected;
}
