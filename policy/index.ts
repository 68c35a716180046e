export { loadPolicy, loadPolicyFiles } from './load-policy.js';
export type { LoadPolicyOptions } from './load-policy.js';
export { PolicyEngine, OBSERVE_VERDICT } from './policy-engine.js';
export type { PolicyEngineOptions } from './policy-engine.js';
export { PolicyError } from './policy-error.js';
export { formatIssue } from '../common/index.js';
export { PolicyWatcher } from './policy-watcher.js';
export type { PolicyWatcherOptions } from './policy-watcher.js';
export { summarizePolicy, formatPolicySummary } from './policy-summary.js';
export type { PolicySummary } from './policy-summary.js';
export type { Usage } from './budget-ledger.js';
export type {
  Policy,
  CompiledDocument,
  CompiledRule,
  CompiledCapability,
  RuleKind,
} from './compiled-policy.js';
export type {
  AgentRef,
  BucketKey,
  PolicyIssue,
  SourcePosition,
  ToolCall,
  Verdict,
} from './types.js';
export { parseSource as parseYamlSource, positionOf as yamlPosition } from './yaml-source.js';
export type { SourceDocument } from './yaml-source.js';
