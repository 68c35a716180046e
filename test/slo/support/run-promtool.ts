import { stringify } from 'yaml';
import { promtool, writeTempFiles, type PromtoolResult } from '../../helpers/promtool.js';

/** Writes `rules` and a promtool unit-test file (`tests`) to a temp folder and runs `promtool test rules`. */
export async function promtoolTestRules(rules: string, tests: unknown): Promise<PromtoolResult> {
  const dir = writeTempFiles({
    'rules.yaml': rules,
    'tests.yaml': stringify(
      { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests },
      { lineWidth: 0, aliasDuplicateObjects: false },
    ),
  });
  return promtool(['test', 'rules', 'tests.yaml'], dir);
}

/** Runs `promtool check rules` on `rules`. */
export async function promtoolCheckRules(rules: string): Promise<PromtoolResult> {
  const dir = writeTempFiles({ 'rules.yaml': rules });
  return promtool(['check', 'rules', 'rules.yaml'], dir);
}
