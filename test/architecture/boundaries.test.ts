import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Boundaries, violations } from './module-graph.js';

// docs/architecture.md, "Modules and what each may import". The layers run one way:
// common <- conventions <- policy, anomaly, slo <- recording <- processors <- instrumentation
// <- runtime <- api <- the root; replay, gate and dashboards sit beside the runtime and read
// recordings; cli may use everything but api. The table holds for type imports too: a type from
// a higher layer is a design smell even when it costs nothing at run time.
const BELOW_RECORDING = ['common', 'conventions', 'policy', 'anomaly', 'slo'];
const ENGINE = [...BELOW_RECORDING, 'recording', 'processors', 'instrumentation', 'runtime'];
const TOOLS = ['replay', 'gate', 'dashboards'];
const BOUNDARIES: Boundaries = {
  mayImport: {
    common: [],
    conventions: ['common'],
    policy: ['common', 'conventions'],
    anomaly: ['common', 'conventions'],
    slo: ['common', 'conventions'],
    recording: ['common', 'conventions'],
    processors: [...BELOW_RECORDING, 'recording'],
    instrumentation: [...BELOW_RECORDING, 'recording', 'processors'],
    runtime: [...BELOW_RECORDING, 'recording', 'processors', 'instrumentation'],
    replay: [...BELOW_RECORDING, 'recording'],
    gate: ['common', 'conventions', 'policy', 'slo', 'recording', 'replay'],
    dashboards: ['common', 'conventions', 'slo'],
    cli: [...ENGINE, ...TOOLS],
    api: [...ENGINE, ...TOOLS],
    '.': ['api', 'instrumentation', 'policy', 'runtime'],
  },
  pure: ['common', 'conventions', 'policy', 'anomaly', 'slo'],
  ignored: ['test', 'bench', 'scripts', 'examples', 'docs', 'dist', 'collector-config', 'bin'],
};

const ROOT = join(import.meta.dirname, '..', '..');

describe('module boundaries (docs/architecture.md)', () => {
  it('every folder keeps to the table, no pure module loads OpenTelemetry, no import cycles', () => {
    expect(violations(ROOT, BOUNDARIES)).toEqual([]);
  });

  describe('the check itself catches what it is for', () => {
    const planted = mkdtempSync(join(tmpdir(), 'agc-arch-'));
    afterAll(() => rmSync(planted, { recursive: true, force: true }));
    const write = (path: string, text: string): void => {
      mkdirSync(dirname(join(planted, path)), { recursive: true });
      writeFileSync(join(planted, path), text);
    };
    const rules: Boundaries = {
      mayImport: { low: [], high: ['low'], gone: [] },
      pure: ['low'],
      ignored: [],
    };
    write('low/a.ts', "import type { B } from '../high/b.js';\nexport const a = 1;\n");
    write('low/c.ts', "export async function c() { return import('../high/b.js'); }\n");
    write('low/d.ts', "const x = require('../high/b.js');\nexport * from '../high/b.js';\n");
    write(
      'low/e.ts',
      "import { trace } from '@opentelemetry/api';\n// import '../high/b.js' in a comment\n",
    );
    write('low/f.ts', "import { g } from './g.js';\nexport const f = g;\n");
    write('low/g.ts', "import { f } from './f.js';\nexport const g = f;\n");
    write('high/b.ts', "import { a } from '../low/a.js';\nexport type B = typeof a;\n");
    write('stray/s.ts', 'export {};\n');
    const found = violations(planted, rules);

    it('a type import, a dynamic import(), a require() and an export-from upward', () => {
      expect(found).toContain("low/a.ts: type import '../high/b.js' (low/ may not import high/)");
      expect(found).toContain(
        "low/c.ts: dynamic import '../high/b.js' (low/ may not import high/)",
      );
      expect(found).toContain(
        "low/d.ts: dynamic import '../high/b.js' (low/ may not import high/)",
      );
      expect(found).toContain("low/d.ts: import '../high/b.js' (low/ may not import high/)");
    });
    it('OpenTelemetry in a pure module, but not an import inside a comment', () => {
      expect(found).toContain(
        "low/e.ts: import '@opentelemetry/api' (low/ is pure: no OpenTelemetry package)",
      );
      expect(found.filter((p) => p.startsWith('low/e.ts'))).toHaveLength(1);
    });
    it('a cycle, a listed folder that is missing, a folder nobody listed', () => {
      expect(found).toContain('import cycle: low/f.ts -> low/g.ts -> low/f.ts');
      expect(found).toContain('gone/: listed in the table but missing');
      expect(found).toContain('stray/: holds TypeScript but is not in the table');
    });
  });
});
