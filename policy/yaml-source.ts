import { LineCounter, parseAllDocuments, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';
import { yamlValue } from '../common/index.js';
import type { PolicyIssue } from './types.js';

/** One parsed YAML/JSON document with what is needed to point at its nodes. */
export interface SourceDocument {
  readonly file: string;
  readonly document: Document.Parsed;
  readonly value: unknown;
  readonly lines: LineCounter;
}

/** Parses every document of TEXT; syntax errors come back as positioned issues. */
export function parseSource(
  text: string,
  file: string,
): { documents: SourceDocument[]; issues: PolicyIssue[] } {
  const lines = new LineCounter();
  const documents: SourceDocument[] = [];
  const issues: PolicyIssue[] = [];
  for (const document of parseAllDocuments(text, { lineCounter: lines, prettyErrors: false })) {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const pos = lines.linePos(error.pos[0]);
        issues.push({
          file,
          line: pos.line,
          column: pos.col,
          message: `syntax: ${firstLine(error.message)}`,
        });
      }
      continue;
    }
    if (document.contents === null) continue;
    const value = yamlValue(document, lines);
    if (!value.ok) {
      issues.push({ file, line: value.line, column: value.column, message: value.message });
      continue;
    }
    documents.push({ file, document, value: value.value, lines });
  }
  return { documents, issues };
}

/**
 * Position of the node at PATH in SOURCE (or of its key when KEY is set: the field name in a map).
 * Falls back to the nearest existing parent.
 */
export function positionOf(
  source: SourceDocument,
  path: readonly PropertyKey[],
  key?: string,
): { line: number; column: number; node: Node | undefined } {
  let node: unknown = source.document.contents;
  let best: unknown = node;
  for (const segment of path) {
    const next = child(node, segment);
    if (next === undefined) break;
    node = next;
    best = next;
  }
  if (key !== undefined && isMap(best)) {
    const pair = best.items.find(
      (item) => isPair(item) && isScalar(item.key) && item.key.value === key,
    );
    if (pair && isScalar(pair.key)) best = pair.key;
  }
  const range = (best as { range?: [number, number, number] } | undefined)?.range;
  const pos = source.lines.linePos(range?.[0] ?? 0);
  return { line: pos.line, column: pos.col, node: best as Node | undefined };
}

function child(node: unknown, segment: PropertyKey): unknown {
  if (isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
    return pair?.value ?? undefined;
  }
  if (isSeq(node) && typeof segment === 'number') return node.items[segment];
  return undefined;
}

/** Offset of a scalar's content inside its source text (skips an opening quote). */
export function contentOffset(node: Node | undefined): number {
  if (!isScalar(node)) return 0;
  return node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
