import type { CompiledCapability, CompiledDocument, CompiledRule } from './compiled-policy.js';
import type { AgentRef } from './types.js';

const MAX_MEMO = 10_000;

/**
 * Finds the rules and capability entries of one document that can match a call, so `decide`
 * costs the same with 1 or 10,000 rules on other tools. Exact tool names are indexed; glob
 * patterns are tested once per distinct tool name and the result memoised (bounded).
 */
export class RuleIndex {
  private readonly _byTool = new Map<string, readonly CompiledRule[]>();
  private readonly _exact = new Map<string, CompiledRule[]>();
  private readonly _generic: CompiledRule[] = [];
  private readonly _capsByAgent = new Map<
    string,
    { name: string | undefined; caps: readonly CompiledCapability[] }
  >();

  constructor(readonly document: CompiledDocument) {
    for (const rule of document.rules) {
      if (rule.tools !== undefined && rule.tools.every((t) => t.exact)) {
        for (const t of rule.tools) {
          const list = this._exact.get(t.pattern) ?? [];
          if (!list.includes(rule)) list.push(rule);
          this._exact.set(t.pattern, list);
        }
      } else {
        this._generic.push(rule);
      }
    }
  }

  /** Rules whose `tools` match TOOL (agents and conditions are not checked here), in file order. */
  rulesFor(tool: string): readonly CompiledRule[] {
    const memo = this._byTool.get(tool);
    if (memo !== undefined) return memo;
    const exact = this._exact.get(tool) ?? [];
    const generic = this._generic.filter(
      (r) => r.tools === undefined || r.tools.some((t) => t.test(tool)),
    );
    const rules =
      generic.length === 0 ? exact : [...exact, ...generic].sort(byPosition(this.document.rules));
    if (this._byTool.size < MAX_MEMO) this._byTool.set(tool, rules);
    return rules;
  }

  /** Capability entries whose `match` matches the agent's id or name. */
  capabilitiesFor(agent: AgentRef): readonly CompiledCapability[] {
    if (this.document.capabilities.length === 0) return [];
    const memo = this._capsByAgent.get(agent.id);
    if (memo !== undefined && memo.name === agent.name) return memo.caps;
    const caps = this.document.capabilities.filter((c) =>
      c.match.some((m) => matchesAgent(m.test.bind(m), agent)),
    );
    if (this._capsByAgent.size < MAX_MEMO)
      this._capsByAgent.set(agent.id, { name: agent.name, caps });
    return caps;
  }
}

/** True when a rule's `agents` (if any) match the agent's id or name. */
export function ruleAppliesToAgent(rule: CompiledRule, agent: AgentRef): boolean {
  return rule.agents === undefined || rule.agents.some((m) => matchesAgent(m.test.bind(m), agent));
}

function matchesAgent(test: (name: string) => boolean, agent: AgentRef): boolean {
  return test(agent.id) || (agent.name !== undefined && test(agent.name));
}

function byPosition(rules: readonly CompiledRule[]): (a: CompiledRule, b: CompiledRule) => number {
  return (a, b) => rules.indexOf(a) - rules.indexOf(b);
}
