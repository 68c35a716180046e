import { AnomalyConfigError, resolveAnomalyOptions } from '../anomaly/index.js';
import type { AnomalyOptions } from '../anomaly/index.js';
import { loadPolicyFiles, PolicyError } from '../policy/index.js';
import type { Policy } from '../policy/index.js';
import { loadSloSpecs, SloError } from '../slo/index.js';
import type { SloSpec } from '../slo/index.js';
import type { RuntimeConfig } from './runtime-config.js';

/** The validated files the runtime starts with. */
export interface RuntimeInputs {
  readonly policy?: Policy;
  readonly slos?: readonly SloSpec[];
  /** Anomaly detection options from the policy's `spec.anomaly` (defaults when absent). */
  readonly anomaly?: AnomalyOptions;
}

/** A runtime input that failed validation: one line for the operator, and how many more. */
export interface RuntimeInputProblem {
  /** `policy` or `SLO spec`. */
  readonly what: string;
  /** The first problem as `file:line:column: message`. */
  readonly first: string;
  /** How many further problems (`agc policy check` / `agc slo check` lists them all). */
  readonly more: number;
  /** The command that lists every problem. */
  readonly check: string;
}

/**
 * Loads and validates the policy (`AGC_POLICY`) and SLO specs (`AGC_SLO`) named by CONFIG.
 * Never throws for bad files: each bad input comes back as a problem, and the caller decides
 * (refuse to start, or run without it in audit mode).
 */
export function loadRuntimeInputs(config: RuntimeConfig): {
  inputs: RuntimeInputs;
  problems: RuntimeInputProblem[];
} {
  const problems: RuntimeInputProblem[] = [];
  let policy: Policy | undefined;
  let slos: SloSpec[] | undefined;
  let anomaly: AnomalyOptions | undefined;
  if (config.policyPaths.length > 0) {
    try {
      policy = loadPolicyFiles(config.policyPaths);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      problems.push(
        problem(
          'policy',
          error.message,
          error.issues.length,
          `agc policy check ${config.policyPaths.join(' ')}`,
        ),
      );
    }
  }
  const block = policy?.documents.find((d) => d.anomaly !== undefined);
  if (policy && block?.anomaly) {
    const where = `${block.file}:${block.anomaly.line}:${block.anomaly.column}`;
    try {
      anomaly = resolveAnomalyOptions(block.anomaly.options, 'spec.anomaly');
    } catch (error) {
      if (!(error instanceof AnomalyConfigError)) throw error;
      const lines = error.errors.map((e) => `${where}: ${e}`);
      problems.push(
        problem(
          'policy',
          lines.join('\n'),
          lines.length,
          `agc policy check ${config.policyPaths.join(' ')}`,
        ),
      );
      policy = undefined;
    }
  }
  if (config.sloPaths.length > 0) {
    try {
      slos = loadSloSpecs(config.sloPaths);
    } catch (error) {
      if (!(error instanceof SloError)) throw error;
      problems.push(
        problem(
          'SLO spec',
          error.message,
          error.issues.length,
          `agc slo check ${config.sloPaths.join(' ')}`,
        ),
      );
    }
  }
  return {
    inputs: { ...(policy && { policy }), ...(slos && { slos }), ...(anomaly && { anomaly }) },
    problems,
  };
}

function problem(what: string, message: string, count: number, check: string): RuntimeInputProblem {
  return { what, first: message.split('\n')[0] ?? message, more: Math.max(0, count - 1), check };
}
