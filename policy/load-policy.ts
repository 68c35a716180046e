import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { compileDocument } from './compile-document.js';
import type { CompiledDocument, Policy } from './compiled-policy.js';
import { PolicyError } from './policy-error.js';
import { policyDocumentSchema } from './schema.js';
import type { PolicyIssue } from './types.js';
import { parseSource, positionOf } from './yaml-source.js';
import type { SourceDocument } from './yaml-source.js';

/** Options of {@link loadPolicy}. */
export interface LoadPolicyOptions {
  /** Name used in error positions when loading text. @default '<inline>' */
  readonly fileName?: string;
}

/**
 * Loads and compiles a policy from a file path or from YAML/JSON text (one or more documents).
 * Everything is validated eagerly: unknown fields, globs, durations, CEL syntax and types.
 *
 * @throws {@link PolicyError} listing every problem with file, line and column.
 */
export function loadPolicy(pathOrText: string, options: LoadPolicyOptions = {}): Policy {
  if (looksLikeText(pathOrText)) {
    return compileSources([{ file: options.fileName ?? '<inline>', text: pathOrText }]);
  }
  return loadPolicyFiles([pathOrText]);
}

/**
 * Loads several policy files as one policy (documents in file order). Policy names must be
 * unique across files.
 *
 * @throws {@link PolicyError} listing every problem with file, line and column.
 */
export function loadPolicyFiles(paths: readonly string[]): Policy {
  const sources: { file: string; text: string }[] = [];
  const issues: PolicyIssue[] = [];
  for (const file of paths) {
    try {
      sources.push({ file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      issues.push({
        file,
        line: 1,
        column: 1,
        message: code === 'ENOENT' ? 'file not found' : `cannot read: ${(error as Error).message}`,
      });
    }
  }
  if (issues.length > 0) throw new PolicyError(issues);
  return compileSources(sources);
}

function looksLikeText(value: string): boolean {
  if (value.includes('\n') || /^\s*[{[]/.test(value)) return true;
  return /^\s*apiVersion\s*:/.test(value) && !existsSync(value);
}

function compileSources(sources: readonly { file: string; text: string }[]): Policy {
  const issues: PolicyIssue[] = [];
  const documents: CompiledDocument[] = [];
  const names = new Map<string, string>();
  for (const { file, text } of sources) {
    const parsed = parseSource(text, file);
    issues.push(...parsed.issues);
    if (parsed.documents.length === 0 && parsed.issues.length === 0) {
      issues.push({
        file,
        line: 1,
        column: 1,
        message: 'no policy documents (expected apiVersion: agc/v1, kind: Policy)',
      });
    }
    for (const source of parsed.documents) {
      const result = policyDocumentSchema.safeParse(source.value);
      if (!result.success) {
        issues.push(...result.error.issues.map((issue) => schemaIssue(issue, source)));
        continue;
      }
      const name = result.data.metadata.name;
      const compiled = compileDocument(result.data, source);
      issues.push(...compiled.issues);
      if (names.has(name)) {
        const pos = positionOf(source, ['metadata', 'name']);
        issues.push({
          file,
          line: pos.line,
          column: pos.column,
          message: `duplicate policy name '${name}' (also in ${names.get(name)})`,
        });
      }
      names.set(name, file);
      if (compiled.document) documents.push(compiled.document);
    }
  }
  if (issues.length > 0) throw new PolicyError(issues);
  return Object.freeze({
    documents,
    files: sources.map((s) => s.file),
    ruleCount: documents.reduce((n, d) => n + d.rules.length + d.capabilities.length, 0),
  });
}

function schemaIssue(issue: z.core.$ZodIssue, source: SourceDocument): PolicyIssue {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length > 0 ? path.join('.') : 'document';
  let message: string;
  let pos = positionOf(source, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      pos = positionOf(source, path, key);
      message = `${where === 'document' ? '' : `${where}: `}unknown field '${issue.keys.join("', '")}'`;
      break;
    }
    case 'invalid_value':
      message = `${where}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
      break;
    case 'invalid_type':
      message = `${where}: ${isMissing(source, path) ? 'required field is missing' : `expected ${issue.expected}`}`;
      break;
    default:
      message = `${where}: ${issue.message}`;
  }
  return { file: source.file, line: pos.line, column: pos.column, message };
}

function isMissing(source: SourceDocument, path: readonly PropertyKey[]): boolean {
  let value: unknown = source.value;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return true;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value === undefined;
}
