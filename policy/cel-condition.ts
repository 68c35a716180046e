import { Environment } from '@marcbachmann/cel-js';
import {
  checkComprehensionCost,
  LINEAR_MATCHES,
  linearMatches,
  rewriteForCost,
} from './cel-cost.js';

/** The evaluation context a CEL condition sees. */
export interface CelContext {
  readonly agent: { readonly id: string; readonly name?: string };
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly callId: string;
  readonly time: Date;
  readonly labels: Readonly<Record<string, string>>;
}

/** A condition compiled once at load time. `evaluate` throws on runtime errors (missing keys...). */
export interface CelCondition {
  /** The CEL source. */
  readonly source: string;
  /** Evaluates against a call; returns the boolean result or throws. */
  evaluate(context: CelContext): boolean;
}

/** A compile problem with its 0-based offset inside the expression. */
export interface CelCompileError {
  readonly message: string;
  readonly offset: number;
}

/**
 * The CEL environment of policy conditions: the variables a condition may use and their types.
 * `args` is `map<string, dyn>`; JSON numbers arrive as CEL `double` (write `args.n > 2.0` or
 * `int(args.n) > 2`).
 */
const environment = new Environment({
  limits: { maxAstNodes: 5_000, maxDepth: 100 },
})
  .registerFunction(`string.${LINEAR_MATCHES}(string): bool`, linearMatches)
  .registerFunction(`${LINEAR_MATCHES}(string, string): bool`, linearMatches)
  .registerVariable('agent', 'map<string, string>')
  .registerVariable('tool', 'string')
  .registerVariable('args', 'map<string, dyn>')
  .registerVariable('callId', 'string')
  .registerVariable('time', 'google.protobuf.Timestamp')
  .registerVariable('labels', 'map<string, string>');

/**
 * Parses and type-checks a condition. Returns the compiled condition, or the problem with its
 * offset so the loader can point at the exact column.
 */
export function compileCelCondition(source: string): CelCondition | CelCompileError {
  let program: ((context: unknown) => unknown) & { check(): CheckResult; ast: unknown };
  try {
    program = environment.parse(source) as typeof program;
  } catch (error) {
    return toCompileError(error);
  }
  const cost = rewriteForCost(program.ast);
  if (cost.problem !== undefined) return cost.problem;
  const checked = program.check();
  if (!checked.valid) return toCompileError(checked.error);
  const type = String(checked.type);
  if (type !== 'bool' && !type.startsWith('dyn')) {
    return { message: `condition must be a bool, but this expression is a ${type}`, offset: 0 };
  }
  return {
    source,
    evaluate(context: CelContext): boolean {
      checkComprehensionCost(cost.comprehensionDepth, context.args);
      const result = program(context);
      if (typeof result !== 'boolean') {
        throw new Error(`condition returned ${typeof result}, expected bool`);
      }
      return result;
    },
  };
}

interface CheckResult {
  readonly valid: boolean;
  readonly type?: unknown;
  readonly error?: unknown;
}

function toCompileError(error: unknown): CelCompileError {
  const e = error as { message?: string; node?: { pos?: number } } | undefined;
  const message =
    (e?.message ?? String(error)).split('\n')[0]?.replaceAll(LINEAR_MATCHES, 'matches') ??
    'invalid CEL';
  return { message: `CEL: ${message}`, offset: e?.node?.pos ?? 0 };
}

/** True when the value is a compile error rather than a condition. */
export function isCelCompileError(value: CelCondition | CelCompileError): value is CelCompileError {
  return 'offset' in value;
}
