/**
 * Selector globs (`*` = any run of characters, `?` = one character, everything else literal),
 * compiled once to one regular expression used both in process and as a PromQL `=~` matcher.
 * The generated regex only uses literals, `.`, `.*`, `|` and `(?:...)`, which RE2 (Prometheus)
 * and JavaScript read the same way, so both sides select the same agents and tools.
 */

const REGEX_SPECIAL = /[\\^$.|+()[\]{}*?]/g;

/** True when `glob` contains a wildcard. */
export function isGlob(glob: string): boolean {
  return glob.includes('*') || glob.includes('?');
}

/** Regex source (unanchored) matching any of `globs`. */
export function globsToRegexSource(globs: readonly string[]): string {
  return globs
    .map((glob) =>
      glob.replace(REGEX_SPECIAL, (ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : `\\${ch}`)),
    )
    .join('|');
}

/**
 * Compiles `globs` to a predicate; undefined or empty `globs` match everything (returns
 * undefined so callers can skip the test).
 */
export function compileGlobs(globs: readonly string[] | undefined): RegExp | undefined {
  if (!globs || globs.length === 0) return undefined;
  return new RegExp(`^(?:${globsToRegexSource(globs)})$`);
}
