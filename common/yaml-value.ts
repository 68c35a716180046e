import { isAlias, visit } from 'yaml';
import type { Document, LineCounter } from 'yaml';

/** Aliases one document may expand (YAML's "billion laughs" stays a clear error). */
export const MAX_YAML_ALIASES = 100;

/** A YAML document's value, or why it has none, at a line and column. */
export type YamlValue =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly line: number;
      readonly column: number;
      readonly message: string;
    };

/**
 * The plain value of DOCUMENT. An alias without its anchor, or more alias expansions than
 * {@link MAX_YAML_ALIASES}, is returned as a problem at the first alias (the YAML library throws
 * a bare ReferenceError there), never thrown.
 */
export function yamlValue(document: Document.Parsed, lines: LineCounter): YamlValue {
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown };
  } catch (error) {
    let offset = 0;
    visit(document, {
      Alias(_, node) {
        if (isAlias(node) && node.range) offset = node.range[0];
        return visit.BREAK;
      },
    });
    const { line, col } = lines.linePos(offset);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, line, column: col, message: `YAML alias: ${reason}` };
  }
}
