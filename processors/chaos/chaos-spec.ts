import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { durationProblem, parseDuration } from '../../common/index.js';
import { parseYamlSource, PolicyError, yamlPosition } from '../../policy/index.js';
import type { PolicyIssue } from '../../policy/index.js';

const faultSchema = z.strictObject({
  id: z.string().min(1),
  tools: z.array(z.string().min(1)).optional(),
  agents: z.array(z.string().min(1)).optional(),
  probability: z.number().min(0).max(1),
  latency: z.string().optional(),
  error: z.strictObject({ message: z.string(), type: z.string().optional() }).optional(),
  timeout: z.string().optional(),
});

const chaosSchema = z.strictObject({
  apiVersion: z.literal('agc/v1'),
  kind: z.literal('Chaos'),
  metadata: z.strictObject({ name: z.string().min(1) }),
  spec: z.strictObject({ seed: z.number().int(), faults: z.array(faultSchema).min(1) }),
});

/** One fault to inject. Exactly one of latency, error or timeout. */
export interface ChaosFault {
  readonly id: string;
  /** Tool names (exact, or `*` globs as prefix/suffix); all tools when absent. */
  readonly tools: readonly string[] | undefined;
  /** Agent ids or names; all agents when absent. */
  readonly agents: readonly string[] | undefined;
  /** Chance per matching call, 0..1. */
  readonly probability: number;
  readonly kind: 'latency' | 'error' | 'timeout';
  /** Added latency (latency) or time before failing (timeout), ms. */
  readonly delayMs: number;
  /** Error message and name (error, timeout). */
  readonly message: string;
  readonly errorType: string;
}

/** A loaded chaos experiment. */
export interface ChaosSpec {
  readonly name: string;
  readonly seed: number;
  readonly faults: readonly ChaosFault[];
}

/**
 * Loads a chaos experiment (`AGC_CHAOS=spec.yaml`):
 * ```yaml
 * apiVersion: agc/v1
 * kind: Chaos
 * metadata: { name: flaky-search }
 * spec:
 *   seed: 42
 *   faults:
 *     - { id: slow, tools: [web_search], probability: 0.3, latency: 500ms }
 *     - { id: down, tools: [web_search], probability: 0.1, error: { message: upstream 503, type: UpstreamError } }
 *     - { id: hang, tools: [file_read], probability: 0.05, timeout: 2s }
 * ```
 * @throws {@link PolicyError} naming file, line and column of every problem.
 */
export function loadChaosSpec(path: string): ChaosSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PolicyError([
      { file: path, line: 1, column: 1, message: `cannot read: ${(error as Error).message}` },
    ]);
  }
  const { documents, issues } = parseYamlSource(text, path);
  const source = documents[0];
  if (issues.length > 0 || source === undefined) {
    throw new PolicyError(
      issues.length > 0
        ? issues
        : [{ file: path, line: 1, column: 1, message: 'no chaos document (expected kind: Chaos)' }],
    );
  }
  const parsed = chaosSchema.safeParse(source.value);
  if (!parsed.success) {
    throw new PolicyError(
      parsed.error.issues.map((issue): PolicyIssue => {
        const p = yamlPosition(
          source,
          issue.path.filter((x): x is string | number => typeof x !== 'symbol'),
        );
        return {
          file: path,
          line: p.line,
          column: p.column,
          message: `${issue.path.join('.') || 'document'}: ${issue.message}`,
        };
      }),
    );
  }
  const problems: PolicyIssue[] = [];
  const faults = parsed.data.spec.faults.map((f, i): ChaosFault => {
    const kinds = (['latency', 'error', 'timeout'] as const).filter((k) => f[k] !== undefined);
    const at = (key: string): PolicyIssue => {
      const p = yamlPosition(source, ['spec', 'faults', i, ...(key ? [key] : [])]);
      return { file: path, line: p.line, column: p.column, message: '' };
    };
    if (kinds.length !== 1)
      problems.push({
        ...at(''),
        message: `fault '${f.id}' needs exactly one of latency, error or timeout`,
      });
    const kind = kinds[0] ?? 'error';
    const raw = kind === 'latency' ? f.latency : kind === 'timeout' ? f.timeout : undefined;
    const delayMs = raw === undefined ? 0 : parseDuration(raw);
    if (delayMs === undefined) problems.push({ ...at(kind), message: durationProblem(raw ?? '') });
    return {
      id: f.id,
      tools: f.tools,
      agents: f.agents,
      probability: f.probability,
      kind,
      delayMs: delayMs ?? 0,
      message:
        f.error?.message ??
        (kind === 'timeout'
          ? `chaos: '${f.id}' timed out after ${raw}`
          : `chaos: injected by '${f.id}'`),
      errorType: f.error?.type ?? (kind === 'timeout' ? 'TimeoutError' : 'ChaosError'),
    };
  });
  if (problems.length > 0) throw new PolicyError(problems);
  return { name: parsed.data.metadata.name, seed: parsed.data.spec.seed, faults };
}
