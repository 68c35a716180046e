import picomatch from 'picomatch';

/** A compiled name pattern: exact names are compared directly, globs through picomatch. */
export interface NameMatcher {
  /** The source pattern. */
  readonly pattern: string;
  /** True when the pattern has no glob characters. */
  readonly exact: boolean;
  /** Tests a name. */
  test(name: string): boolean;
}

const GLOB_CHARS = /[*?[\]{}!()+@]/;

/**
 * Compiles a tool or agent name pattern (`web_search`, `shell_*`, `researcher-?`, `{a,b}`).
 * Throws an `Error` whose message says what is wrong when the glob is malformed.
 */
export function compileNamePattern(pattern: string): NameMatcher {
  if (pattern.length === 0)
    throw new Error('empty pattern (expected a tool or agent name or glob)');
  if (!GLOB_CHARS.test(pattern)) {
    return { pattern, exact: true, test: (name) => name === pattern };
  }
  if (!balanced(pattern)) {
    throw new Error(`bad glob '${pattern}': unbalanced brackets or braces`);
  }
  let re: RegExp;
  try {
    re = picomatch.makeRe(pattern, { dot: true, strictBrackets: true, nonegate: true });
  } catch (error) {
    throw new Error(`bad glob '${pattern}': ${(error as Error).message}`, { cause: error });
  }
  return { pattern, exact: false, test: (name) => re.test(name) };
}

function balanced(pattern: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ']': '[', '}': '{', ')': '(' };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[' || c === '{' || c === '(') stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}
