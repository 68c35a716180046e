import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import statement found in a source file, with the file it resolves to when it is ours. */
export interface ImportEdge {
  /** The importing file, relative to the root. */
  readonly from: string;
  /** The specifier as written. */
  readonly spec: string;
  /** The imported file relative to the root, for relative specifiers that resolve. */
  readonly to: string | undefined;
  /** `import type` / `export type`: no runtime edge. */
  readonly typeOnly: boolean;
  /** `import()` or `require()`. */
  readonly dynamic: boolean;
}

// Every form that can load a module: static import/export-from (type or not), side-effect
// import, dynamic import(), require(). Comments are stripped first so TSDoc examples do not count.
const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every `.ts` source (not `.d.ts`) under `dir`, recursively. */
export function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveSpec(root: string, file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(file), spec);
  const candidates = [
    base.replace(/\.(c|m)?js$/, '.$1ts'),
    base,
    `${base}.ts`,
    join(base, 'index.ts'),
  ];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return relative(root, hit ?? base);
}

/** The imports of one file. */
export function importsOf(root: string, file: string): ImportEdge[] {
  const text = stripComments(readFileSync(file, 'utf8'));
  const from = relative(root, file);
  const edges: ImportEdge[] = [];
  for (const m of text.matchAll(STATIC)) {
    const spec = m[2] ?? '';
    edges.push({
      from,
      spec,
      to: resolveSpec(root, file, spec),
      typeOnly: m[1] !== undefined,
      dynamic: false,
    });
  }
  for (const m of text.matchAll(DYNAMIC)) {
    const spec = m[1] ?? '';
    edges.push({ from, spec, to: resolveSpec(root, file, spec), typeOnly: false, dynamic: true });
  }
  return edges;
}

/** The top-level folder a root-relative path belongs to (`.` for files at the root). */
export function moduleOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 1 ? (parts[0] ?? '.') : '.';
}

/** The rules a tree is checked against. */
export interface Boundaries {
  /** Each module folder and the module folders it may import (its own is always allowed). */
  readonly mayImport: Readonly<Record<string, readonly string[]>>;
  /** Modules that must not load any `@opentelemetry/*` package (pure logic, testable alone). */
  readonly pure: readonly string[];
  /** Top-level folders that hold no module code and are not checked (tests, benchmarks...). */
  readonly ignored: readonly string[];
}

/** Everything wrong with a tree, as readable lines; empty when the tree keeps its boundaries. */
export function violations(root: string, rules: Boundaries): string[] {
  const problems: string[] = [];
  const modules = Object.keys(rules.mayImport).filter((m) => m !== '.');
  for (const m of modules) {
    if (!existsSync(join(root, m))) problems.push(`${m}/: listed in the table but missing`);
  }
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (!statSync(path).isDirectory() || name.startsWith('.') || name === 'node_modules') continue;
    if (rules.ignored.includes(name) || name in rules.mayImport) continue;
    if (sources(path).length > 0)
      problems.push(`${name}/: holds TypeScript but is not in the table`);
  }
  const files = modules
    .filter((m) => existsSync(join(root, m)))
    .flatMap((m) => sources(join(root, m)));
  if ('.' in rules.mayImport) {
    files.push(
      ...readdirSync(root)
        .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))
        .map((n) => join(root, n)),
    );
  }
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const rel = relative(root, file);
    const module = moduleOf(rel);
    const allowed = rules.mayImport[module] ?? [];
    const runtimeTargets: string[] = [];
    for (const edge of importsOf(root, file)) {
      const how = `${edge.typeOnly ? 'type ' : ''}${edge.dynamic ? 'dynamic ' : ''}import`;
      if (edge.to === undefined) {
        if (rules.pure.includes(module) && edge.spec.startsWith('@opentelemetry/')) {
          problems.push(
            `${rel}: ${how} '${edge.spec}' (${module}/ is pure: no OpenTelemetry package)`,
          );
        }
        continue;
      }
      const target = moduleOf(edge.to);
      if (!edge.typeOnly) runtimeTargets.push(edge.to);
      if (target === module) continue;
      if (!(target in rules.mayImport)) {
        if (!rules.ignored.includes(target))
          problems.push(`${rel}: ${how} '${edge.spec}' reaches outside the modules`);
        continue;
      }
      if (!allowed.includes(target))
        problems.push(`${rel}: ${how} '${edge.spec}' (${module}/ may not import ${target}/)`);
    }
    graph.set(rel, runtimeTargets);
  }
  for (const cycle of cycles(graph)) problems.push(`import cycle: ${cycle.join(' -> ')}`);
  return problems;
}

/** Each strongly connected group of more than one file (or a file importing itself), as a path. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).includes(v);
      if (group.length > 1 || selfLoop) found.push([...group.sort(), group[0] ?? v]);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}
