import type { PolicyMode } from '../conventions/index.js';
import { compileCelCondition, isCelCompileError } from './cel-condition.js';
import type { CompiledCapability, CompiledDocument, CompiledRule } from './compiled-policy.js';
import { compileNamePattern, durationProblem, parseDuration } from '../common/index.js';
import type { NameMatcher } from '../common/index.js';
import type { AgentDocument, PolicyDocument, RuleDocument } from './schema.js';
import { contentOffset, positionOf } from './yaml-source.js';
import type { SourceDocument } from './yaml-source.js';
import type { PolicyIssue, Verdict } from './types.js';

/**
 * Compiles one schema-valid document: globs, durations and CEL conditions, each checked with
 * its position. Returns the document or the issues found (all of them, not just the first).
 */
export function compileDocument(
  doc: PolicyDocument,
  source: SourceDocument,
): { document?: CompiledDocument; issues: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  const report = (path: readonly PropertyKey[], message: string, extraColumns = 0): void => {
    const pos = positionOf(source, path);
    issues.push({ file: source.file, line: pos.line, column: pos.column + extraColumns, message });
  };
  const patterns = (
    list: readonly string[] | undefined,
    path: PropertyKey[],
  ): NameMatcher[] | undefined =>
    list?.flatMap((pattern, i) => {
      try {
        return [compileNamePattern(pattern)];
      } catch (error) {
        report([...path, i], (error as Error).message);
        return [];
      }
    });

  const name = doc.metadata.name;
  const mode: PolicyMode = doc.spec.mode ?? 'enforce';
  // In audit mode a deny is recorded as `audit` and never blocks; building that in here keeps
  // every verdict a frozen constant the engine can return without allocating.
  const verdict = (v: Omit<Verdict, 'mode' | 'policyId'>): Verdict =>
    Object.freeze({
      ...v,
      decision: v.decision === 'deny' && mode === 'audit' ? 'audit' : v.decision,
      policyId: name,
      mode,
    });

  const capabilities = (doc.spec.agents ?? []).map((entry, i) =>
    compileCapability(entry, i, patterns, verdict),
  );

  const seen = new Map<string, number>();
  const rules: CompiledRule[] = [];
  (doc.spec.rules ?? []).forEach((rule, i) => {
    const path = ['spec', 'rules', i];
    if (seen.has(rule.id)) {
      report(
        [...path, 'id'],
        `duplicate rule id '${rule.id}' (first used by rules[${seen.get(rule.id)}])`,
      );
    }
    seen.set(rule.id, i);
    const compiled = compileRule(rule, path, source, patterns, report, verdict);
    if (compiled) rules.push(compiled);
  });

  if (issues.length > 0) return { issues };
  const defaultDecision = doc.spec.default ?? 'deny';
  return {
    issues,
    document: Object.freeze({
      name,
      file: source.file,
      mode,
      defaultDecision,
      capabilities,
      rules,
      ...(doc.spec.anomaly !== undefined && {
        anomaly: {
          options: doc.spec.anomaly,
          line: positionOf(source, ['spec', 'anomaly']).line,
          column: positionOf(source, ['spec', 'anomaly']).column,
        },
      }),
      defaultVerdict: verdict({
        decision: defaultDecision,
        source: 'default',
        reason: `no rule matched; policy '${name}' defaults to ${defaultDecision}`,
      }),
    }),
  };
}

type Patterns = (
  list: readonly string[] | undefined,
  path: PropertyKey[],
) => NameMatcher[] | undefined;
type Report = (path: readonly PropertyKey[], message: string, extraColumns?: number) => void;
type MakeVerdict = (v: Omit<Verdict, 'mode' | 'policyId'>) => Verdict;

function compileCapability(
  entry: AgentDocument,
  i: number,
  patterns: Patterns,
  verdict: MakeVerdict,
): CompiledCapability {
  const path = ['spec', 'agents', i];
  const match = Array.isArray(entry.match) ? entry.match : [entry.match];
  const id = `agents[${i}]`;
  const who = match.join(', ');
  return {
    id,
    match: patterns(match, Array.isArray(entry.match) ? [...path, 'match'] : [...path]) ?? [],
    allowTools: patterns(entry.allowTools, [...path, 'allowTools']),
    denyTools: patterns(entry.denyTools, [...path, 'denyTools']),
    denyVerdict: verdict({
      decision: 'deny',
      source: 'policy',
      rule: id,
      reason: `tool is in denyTools of agents '${who}'`,
    }),
    outsideVerdict: verdict({
      decision: 'deny',
      source: 'policy',
      rule: id,
      reason: `tool is not in allowTools of agents '${who}'`,
    }),
    allowVerdict: verdict({
      decision: 'allow',
      source: 'policy',
      rule: id,
      reason: `tool is in allowTools of agents '${who}'`,
    }),
  };
}

function compileRule(
  rule: RuleDocument,
  path: PropertyKey[],
  source: SourceDocument,
  patterns: Patterns,
  report: Report,
  verdict: MakeVerdict,
): CompiledRule | undefined {
  const kinds = (['decision', 'limit', 'budget'] as const).filter((k) => rule[k] !== undefined);
  if (kinds.length !== 1) {
    report(
      path,
      `rule '${rule.id}' needs exactly one of decision, limit or budget (found ${kinds.length === 0 ? 'none' : kinds.join(' and ')})`,
    );
    return undefined;
  }
  let condition;
  if (rule.when !== undefined) {
    const compiled = compileCelCondition(rule.when);
    if (isCelCompileError(compiled)) {
      const node = positionOf(source, [...path, 'when']).node;
      report([...path, 'when'], compiled.message, contentOffset(node) + compiled.offset);
    } else condition = compiled;
  }
  const base = {
    id: rule.id,
    tools: patterns(rule.tools, [...path, 'tools']),
    agents: patterns(rule.agents, [...path, 'agents']),
    condition,
  };
  if (rule.decision !== undefined) {
    const reason =
      rule.reason ??
      `rule '${rule.id}' ${rule.decision === 'allow' ? 'allows' : rule.decision === 'deny' ? 'denies' : 'audits'} this call`;
    const decision = rule.decision === 'audit' ? 'allow' : rule.decision;
    return {
      ...base,
      kind: rule.decision,
      reason,
      verdict: verdict({ decision, source: 'policy', rule: rule.id, reason }),
    };
  }
  if (rule.limit !== undefined) {
    const perMs = parseDuration(rule.limit.per);
    if (perMs === undefined)
      report([...path, 'limit', 'per'], durationProblem(String(rule.limit.per)));
    const reason =
      rule.reason ??
      `rate limit '${rule.id}': ${rule.limit.count} per ${rule.limit.per} per ${rule.limit.key ?? 'agent'} exceeded`;
    return {
      ...base,
      kind: 'limit',
      reason,
      limit: { count: rule.limit.count, perMs: perMs ?? 1, key: rule.limit.key ?? 'agent' },
      verdict: verdict({ decision: 'deny', source: 'rate_limit', rule: rule.id, reason }),
    };
  }
  const budget = rule.budget;
  if (budget === undefined) return undefined;
  const perMs = parseDuration(budget.per);
  if (perMs === undefined) report([...path, 'budget', 'per'], durationProblem(String(budget.per)));
  if (budget.tokens === undefined && budget.costUsd === undefined) {
    report([...path, 'budget'], `budget '${rule.id}' needs tokens or costUsd`);
  }
  const limits = [
    budget.tokens !== undefined ? `${budget.tokens} tokens` : '',
    budget.costUsd !== undefined ? `$${budget.costUsd}` : '',
  ]
    .filter(Boolean)
    .join(' / ');
  const reason =
    rule.reason ??
    `budget '${rule.id}' of ${limits} per ${budget.per} per ${budget.key ?? 'agent'} exhausted`;
  return {
    ...base,
    kind: 'budget',
    reason,
    budget: {
      tokens: budget.tokens,
      costUsd: budget.costUsd,
      perMs: perMs ?? 1,
      key: budget.key ?? 'agent',
    },
    verdict: verdict({ decision: 'deny', source: 'budget', rule: rule.id, reason }),
  };
}
