import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// ARCHITECTURE.md, "Modules and what each may import". Type-only imports of the shared data
// types (Verdict, ToolCall, SloSpec...) are allowed from any module a module builds on, since
// they add no runtime dependency; value imports must follow the table.
const ROOT = join(import.meta.dirname, '..');
const MAY_IMPORT: Record<string, readonly string[]> = {
  conventions: [],
  policy: ['conventions'],
  anomaly: ['conventions'],
  slo: ['conventions'],
  processors: ['policy', 'anomaly', 'slo', 'conventions'],
  instrumentation: ['processors', 'conventions'],
  replay: ['policy', 'anomaly', 'slo', 'conventions'],
  gate: ['conventions', 'policy', 'slo', 'replay'],
  dashboards: ['conventions', 'slo'],
  cli: [
    'conventions',
    'policy',
    'anomaly',
    'slo',
    'processors',
    'instrumentation',
    'replay',
    'gate',
    'dashboards',
  ],
};
const PURE = ['conventions', 'policy', 'anomaly', 'slo'];
const TYPES_FROM: Record<string, readonly string[]> = {
  instrumentation: ['policy', 'slo', 'anomaly'],
};

function sources(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm;

describe('module boundaries (ARCHITECTURE.md)', () => {
  for (const [module, allowed] of Object.entries(MAY_IMPORT)) {
    it(`${module}/ imports only ${allowed.length > 0 ? allowed.join(', ') : 'nothing of ours'}${PURE.includes(module) ? ', and no OTel SDK' : ''}`, () => {
      const problems: string[] = [];
      let dir: string;
      try {
        dir = join(ROOT, module);
        statSync(dir);
      } catch {
        return;
      }
      for (const file of sources(dir)) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(IMPORT)) {
          const typeOnly = match[2] !== undefined;
          const spec = match[3] ?? '';
          const where = `${relative(ROOT, file)}: ${spec}`;
          if (spec.startsWith('.')) {
            const target = relative(ROOT, join(file, '..', spec)).split('/')[0] ?? '';
            if (target === module || !(target in MAY_IMPORT)) continue;
            if (allowed.includes(target)) continue;
            if (typeOnly && (TYPES_FROM[module] ?? []).includes(target)) continue;
            problems.push(where);
          } else if (PURE.includes(module) && spec.startsWith('@opentelemetry/')) {
            problems.push(where);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('nothing imports cli/', () => {
    const offenders = Object.keys(MAY_IMPORT)
      .filter((m) => m !== 'cli')
      .flatMap((m) => {
        try {
          return sources(join(ROOT, m));
        } catch {
          return [];
        }
      })
      .filter((file) => /from '(\.\.\/)+cli\//.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
