import { escapePromqlString } from '../../common/index.js';
import { SelectorError, parseSelector } from './selector.js';
import type { LabelMatcher } from './selector.js';

/**
 * Default template turning an arm name into a selector (`{{arm}}` is the name; any other
 * `{{var}}` comes from the request). Flagger names the primary `<target>-primary` and labels
 * its pods `app: <name>`. @default '{app="{{arm}}"}'
 */
export const DEFAULT_SELECTOR_TEMPLATE = '{app="{{arm}}"}';

/**
 * The matchers of one arm: VALUE itself when it is a selector (`{...}`), else TEMPLATE with
 * `{{arm}}` set to VALUE and `{{name}}` to VARS[name].
 *
 * @throws {@link SelectorError} when the result does not parse or a variable is missing
 */
export function armMatchers(
  value: string,
  template: string = DEFAULT_SELECTOR_TEMPLATE,
  vars: Readonly<Record<string, string>> = {},
): LabelMatcher[] {
  if (value.trim().startsWith('{')) return parseSelector(value);
  const filled = template.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => {
    const v = name === 'arm' ? value : vars[name];
    if (v === undefined) throw new SelectorError(template, `needs a value for {{${name}}}`);
    return escapePromqlString(v);
  });
  return parseSelector(filled);
}
