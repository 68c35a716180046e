/**
 * `common/`: the small concepts every module shares, each written once — durations, name globs,
 * canonical JSON, PromQL string escaping, redaction and positioned configuration errors. Internal:
 * no subpath exports it; modules import it, and the public entry points re-export what users
 * need.
 */
export { canonicalHash, canonicalJson } from './canonical-json.js';
export { durationProblem, formatDuration, parseDuration } from './duration.js';
export {
  compileGlobs,
  compileNamePattern,
  globMatch,
  globToRegexSource,
  globsToRegexSource,
  isGlob,
} from './glob.js';
export type { NameMatcher } from './glob.js';
export { ownModuleFile, packageRequire, packageVersion } from './module-location.js';
export { PositionedError, formatIssue } from './positioned-error.js';
export type { SourceIssue } from './positioned-error.js';
export { escapePromqlString } from './promql.js';
export type {
  AlertingRule,
  PrometheusRule,
  RecordingRule,
  RuleFile,
  RuleGroup,
} from './prometheus-rules.js';
export {
  REDACTED,
  redact,
  redactAttributes,
  redactDeep,
  redactJsonText,
  redactText,
  redactedJson,
} from './redact.js';
export { MAX_YAML_ALIASES, yamlValue } from './yaml-value.js';
export type { YamlValue } from './yaml-value.js';
