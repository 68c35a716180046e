import type { Policy } from './compiled-policy.js';

/** A readable account of what a policy allows, for `agc policy check`. */
export interface PolicySummary {
  readonly files: readonly string[];
  readonly documents: readonly {
    readonly name: string;
    readonly file: string;
    readonly mode: string;
    readonly default: string;
    readonly agents: readonly {
      id: string;
      match: string[];
      allowTools?: string[];
      denyTools?: string[];
    }[];
    readonly rules: readonly {
      id: string;
      kind: string;
      tools: string;
      agents: string;
      when?: string;
      reason: string;
    }[];
  }[];
}

/** Summarises POLICY: per document, its mode, default, capability entries and rules. */
export function summarizePolicy(policy: Policy): PolicySummary {
  return {
    files: policy.files,
    documents: policy.documents.map((doc) => ({
      name: doc.name,
      file: doc.file,
      mode: doc.mode,
      default: doc.defaultDecision,
      agents: doc.capabilities.map((c) => ({
        id: c.id,
        match: c.match.map((m) => m.pattern),
        ...(c.allowTools && { allowTools: c.allowTools.map((m) => m.pattern) }),
        ...(c.denyTools && { denyTools: c.denyTools.map((m) => m.pattern) }),
      })),
      rules: doc.rules.map((r) => ({
        id: r.id,
        kind: r.kind,
        tools: r.tools?.map((m) => m.pattern).join(', ') ?? '*',
        agents: r.agents?.map((m) => m.pattern).join(', ') ?? '*',
        ...(r.condition && { when: r.condition.source }),
        reason: r.reason,
      })),
    })),
  };
}

/** Renders a {@link PolicySummary} as plain text lines. */
export function formatPolicySummary(summary: PolicySummary): string {
  const lines: string[] = [];
  for (const doc of summary.documents) {
    lines.push(`policy ${doc.name} (${doc.file}): mode ${doc.mode}, default ${doc.default}`);
    for (const a of doc.agents) {
      lines.push(
        `  agents ${a.match.join(', ')}: allow ${a.allowTools?.join(', ') ?? 'any tool'}${a.denyTools ? `; never ${a.denyTools.join(', ')}` : ''}`,
      );
    }
    for (const r of doc.rules) {
      lines.push(
        `  ${r.kind.padEnd(6)} ${r.id}: tools ${r.tools}, agents ${r.agents}${r.when ? `, when ${r.when}` : ''}`,
      );
    }
    if (doc.agents.length === 0 && doc.rules.length === 0) lines.push('  (no rules)');
  }
  return lines.join('\n');
}
