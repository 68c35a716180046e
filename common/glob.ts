/**
 * Name globs for tools and agents, one dialect everywhere (policies, SLO selectors, `agc replay
 * --tool/--agent`): `*` any run of characters, `?` one character, `[abc]` / `[a-z]` / `[!abc]` a
 * character class, `{a,b}` alternatives, `\` escapes the next character. A glob compiles to a
 * regular expression built only of literals, `.`, `.*`, classes, `|` and `(?:…)`, which
 * JavaScript and RE2 (Prometheus) read the same way, so the process and the generated PromQL
 * select the same names.
 */

/** A compiled name pattern: exact names are compared directly, globs through a RegExp. */
export interface NameMatcher {
  /** The source pattern. */
  readonly pattern: string;
  /** True when the pattern has no glob characters. */
  readonly exact: boolean;
  /** Tests a name. */
  test(name: string): boolean;
}

const GLOB_CHARS = /[*?[\]{}\\]/;
const REGEX_SPECIAL = /[\\^$.|+()[\]{}*?/]/;

/** True when PATTERN has glob characters (is not a plain name). */
export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/**
 * The unanchored regular-expression source of one glob.
 *
 * @throws Error saying what is wrong (empty pattern, unbalanced `[` or `{`, trailing `\`).
 */
export function globToRegexSource(pattern: string): string {
  if (pattern.length === 0)
    throw new Error('empty pattern (expected a tool or agent name or glob)');
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\') {
      const next = pattern[++i];
      if (next === undefined) throw new Error(`bad glob '${pattern}': trailing '\\'`);
      out += escapeRegex(next);
    } else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new Error(`bad glob '${pattern}': unbalanced brackets or braces`);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^[]/g, (ch) => `\\${ch}`)}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}') {
      if (braces === 0) throw new Error(`bad glob '${pattern}': unbalanced brackets or braces`);
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === ']') throw new Error(`bad glob '${pattern}': unbalanced brackets or braces`);
    else out += escapeRegex(c);
  }
  if (braces !== 0) throw new Error(`bad glob '${pattern}': unbalanced brackets or braces`);
  return out;
}

/** Unanchored regex source matching any of GLOBS (for a PromQL `=~` matcher). */
export function globsToRegexSource(globs: readonly string[]): string {
  return globs.map(globToRegexSource).join('|');
}

/**
 * Compiles a tool or agent name pattern (`web_search`, `shell_*`, `researcher-?`, `{a,b}`).
 *
 * @throws Error whose message says what is wrong when the glob is malformed.
 */
export function compileNamePattern(pattern: string): NameMatcher {
  if (pattern.length === 0)
    throw new Error('empty pattern (expected a tool or agent name or glob)');
  if (!isGlob(pattern)) return { pattern, exact: true, test: (name) => name === pattern };
  const re = new RegExp(`^(?:${globToRegexSource(pattern)})$`, 's');
  return { pattern, exact: false, test: (name) => re.test(name) };
}

/**
 * Compiles GLOBS to one anchored RegExp; undefined or empty GLOBS give undefined (match
 * everything), so callers can skip the test.
 */
export function compileGlobs(globs: readonly string[] | undefined): RegExp | undefined {
  if (!globs || globs.length === 0) return undefined;
  return new RegExp(`^(?:${globsToRegexSource(globs)})$`, 's');
}

/** True when VALUE matches PATTERN (compiles each time: for one-off tests, not hot paths). */
export function globMatch(pattern: string, value: string): boolean {
  return compileNamePattern(pattern).test(value);
}

function escapeRegex(c: string): string {
  return REGEX_SPECIAL.test(c) ? `\\${c}` : c;
}
