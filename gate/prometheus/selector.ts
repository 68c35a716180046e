import { escapePromqlString } from '../../common/index.js';
/** One label matcher of a PromQL selector, e.g. `service="canary"`. */
export interface LabelMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** A selector the user gave cannot be parsed. */
export class SelectorError extends Error {
  constructor(
    /** The selector as given. */
    readonly selector: string,
    detail: string,
  ) {
    super(`selector '${selector}': ${detail}`);
    this.name = 'SelectorError';
  }
}

const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const OPERATOR = /(=~|!~|!=|=)/y;

/**
 * Parses a label selector, `{service="canary", version=~"2\\..*"}` (the braces are optional),
 * into matchers. Values take PromQL's double, single or back quotes and escapes.
 *
 * @throws {@link SelectorError} naming what is wrong and where
 */
export function parseSelector(text: string): LabelMatcher[] {
  let body = text.trim();
  if (body.startsWith('{')) {
    if (!body.endsWith('}')) throw new SelectorError(text, "'{' is not closed");
    body = body.slice(1, -1);
  }
  // Columns in messages count from the text as given.
  const offset = text.indexOf(body) + 1;
  const matchers: LabelMatcher[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < body.length && /\s/.test(body[i] as string)) i++;
  };
  skipSpace();
  while (i < body.length) {
    LABEL.lastIndex = i;
    const label = LABEL.exec(body);
    if (label === null)
      throw new SelectorError(text, `expected a label name at column ${i + offset}`);
    i = LABEL.lastIndex;
    skipSpace();
    OPERATOR.lastIndex = i;
    const op = OPERATOR.exec(body);
    if (op === null) throw new SelectorError(text, `expected =, !=, =~ or !~ after '${label[0]}'`);
    i = OPERATOR.lastIndex;
    skipSpace();
    const quoted = readQuoted(body, i);
    if (quoted === undefined) {
      throw new SelectorError(text, `expected a quoted value after '${label[0]}${op[0]}'`);
    }
    i = quoted.end;
    matchers.push({ name: label[0], op: op[0] as LabelMatcher['op'], value: quoted.value });
    skipSpace();
    if (i < body.length) {
      if (body[i] !== ',') throw new SelectorError(text, `expected ',' at column ${i + offset}`);
      i++;
      skipSpace();
    }
  }
  return matchers;
}

/** A matcher as PromQL text, the value double-quoted and escaped. */
export function formatMatcher(m: LabelMatcher): string {
  return `${m.name}${m.op}"${escapePromqlString(m.value)}"`;
}

/**
 * Adds MATCHERS to every `agc_*` vector selector of PROMQL: `agc_x` becomes `agc_x{m}` and
 * `agc_x{a="b"}` becomes `agc_x{a="b",m}`. Function names, strings and label lists are left
 * alone. This is how an arm's selector is merged into each metric's query.
 */
export function withSelector(promql: string, matchers: readonly LabelMatcher[]): string {
  if (matchers.length === 0) return promql;
  const extra = matchers.map(formatMatcher).join(',');
  let out = '';
  let i = 0;
  while (i < promql.length) {
    const c = promql[i] as string;
    if (c === '"' || c === "'" || c === '`') {
      const quoted = readQuoted(promql, i);
      const end = quoted?.end ?? promql.length;
      out += promql.slice(i, end);
      i = end;
      continue;
    }
    if (c === '{') {
      // A label list not attached to an agc_ metric: copy it as is.
      const end = closingBrace(promql, i);
      out += promql.slice(i, end);
      i = end;
      continue;
    }
    if (/[a-zA-Z_:]/.test(c) && (i === 0 || !/[a-zA-Z0-9_:]/.test(promql[i - 1] as string))) {
      let j = i;
      while (j < promql.length && /[a-zA-Z0-9_:]/.test(promql[j] as string)) j++;
      const name = promql.slice(i, j);
      out += name;
      i = j;
      let k = j;
      while (k < promql.length && /\s/.test(promql[k] as string)) k++;
      if (!name.startsWith('agc_') || promql[k] === '(') continue;
      if (promql[k] === '{') {
        const end = closingBrace(promql, k);
        const inner = promql.slice(k + 1, end - 1).trim();
        out += `{${inner === '' ? extra : `${inner.replace(/,\s*$/, '')},${extra}`}}`;
        i = end;
      } else {
        out += `{${extra}}`;
      }
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Index just past the `}` closing the `{` at START (quoted values skipped). */
function closingBrace(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"' || c === "'" || c === '`') {
      i = readQuoted(text, i)?.end ?? text.length;
      continue;
    }
    if (c === '}') return i + 1;
    i++;
  }
  return text.length;
}

function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text[start];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === quote) return { value, end: i + 1 };
    if (c === '\\' && quote !== '`' && i + 1 < text.length) {
      const next = text[i + 1] as string;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  return undefined;
}
