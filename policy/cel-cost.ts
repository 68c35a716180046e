import { RE2JS } from 're2js';

/**
 * Bounded evaluation cost for CEL conditions. A condition must never hang a tool call:
 *
 * - `matches` runs on RE2 (linear time, the regex syntax the CEL specification names) instead of
 *   the JavaScript engine, whose backtracking took 21 s on `^(a+)+$` and 28 characters;
 * - nested comprehensions (`all`, `exists`, `exists_one`, `map`, `filter` inside one another) are
 *   bounded: before each evaluation, the largest collection in the call's arguments raised to the
 *   nesting depth must stay within {@link MAX_COMPREHENSION_STEPS}, else the evaluation is an
 *   error (the rule fails closed and says why).
 */

/** Name `matches` is rewritten to, registered with the RE2 implementation. */
export const LINEAR_MATCHES = 'agcMatchesRe2';

/** Steps (collection size ^ comprehension depth) one evaluation may take. */
export const MAX_COMPREHENSION_STEPS = 1_000_000;

const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const patterns = new Map<string, RE2JS>();

/** CEL `text.matches(pattern)`: true when PATTERN (RE2 syntax) matches part of TEXT. */
export function linearMatches(text: string, pattern: string): boolean {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    compiled = RE2JS.compile(pattern);
    if (patterns.size >= 512) patterns.clear();
    patterns.set(pattern, compiled);
  }
  return compiled.matcher(text).find();
}

/** A node of the CEL library's AST, as far as the rewrite needs it. */
interface AstNode {
  op: string;
  args: unknown;
  pos?: number;
}

/** What {@link rewriteForCost} found in a condition. */
export interface CostAnalysis {
  /** Deepest nesting of comprehensions. */
  readonly comprehensionDepth: number;
  /** A literal pattern that is not valid RE2, with its offset in the expression. */
  readonly problem?: { readonly message: string; readonly offset: number };
}

/**
 * Rewrites every `matches` call of AST (method and function form) to {@link LINEAR_MATCHES},
 * checks literal patterns compile as RE2, and measures the comprehension nesting. Changes AST in
 * place (it is the parsed program's own tree, evaluated after this).
 */
export function rewriteForCost(ast: unknown): CostAnalysis {
  let problem: CostAnalysis['problem'];
  const visit = (node: unknown, depth: number): number => {
    if (Array.isArray(node)) return Math.max(depth, ...node.map((n: unknown) => visit(n, depth)));
    if (!isNode(node)) return depth;
    const args = node.args;
    if ((node.op === 'rcall' || node.op === 'call') && Array.isArray(args)) {
      const call = args as unknown[];
      const name = call[0];
      if (name === 'matches') {
        call[0] = LINEAR_MATCHES;
        const callArgs = node.op === 'rcall' ? call[2] : call[1];
        const pattern: unknown = Array.isArray(callArgs)
          ? (callArgs as unknown[]).at(-1)
          : undefined;
        if (isNode(pattern) && pattern.op === 'value' && typeof pattern.args === 'string') {
          try {
            RE2JS.compile(pattern.args);
          } catch (error) {
            problem ??= {
              message: `CEL: matches(): ${error instanceof Error ? error.message : String(error)} (patterns use RE2 syntax)`,
              offset: pattern.pos ?? 0,
            };
          }
        }
      }
      const inner = typeof name === 'string' && COMPREHENSIONS.has(name) ? depth + 1 : depth;
      return Math.max(inner, visit(call.slice(1), inner));
    }
    return Math.max(depth, visit(args, depth));
  };
  const comprehensionDepth = visit(ast, 0);
  return problem === undefined ? { comprehensionDepth } : { comprehensionDepth, problem };
}

/**
 * Throws when evaluating a condition of DEPTH nested comprehensions over VALUE (the call's
 * arguments) could take more than {@link MAX_COMPREHENSION_STEPS} steps.
 */
export function checkComprehensionCost(depth: number, value: unknown): void {
  if (depth < 2) return; // one comprehension is linear in the arguments, which are bounded
  const n = largestCollection(value, 0);
  const steps = n ** depth;
  if (steps > MAX_COMPREHENSION_STEPS) {
    throw new Error(
      `evaluation cost bound exceeded: ${depth} nested comprehensions over ${n} elements (${steps.toExponential(1)} steps > ${MAX_COMPREHENSION_STEPS})`,
    );
  }
}

function largestCollection(value: unknown, level: number): number {
  if (value === null || typeof value !== 'object' || level > 32) return 0;
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  let largest = items.length;
  for (const item of items) largest = Math.max(largest, largestCollection(item, level + 1));
  return largest;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).op === 'string';
}
