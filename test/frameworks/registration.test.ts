import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { frameworkCensus } from '../../instrumentation/framework-census.js';
import { FRAMEWORK_INSTRUMENTATIONS } from '../../instrumentation/frameworks.js';
import type { FrameworkInstrumentation } from '../../instrumentation/frameworks.js';
import type { PatchTarget } from '../../instrumentation/patch-target.js';
import { esmIncludePattern } from '../../instrumentation/patch-target.js';
import { entryIsCommonJs } from '../../instrumentation/loader-hook.js';
import { ConfigError, runtimeConfigFromEnv } from '../../runtime/index.js';

const FIXTURE_PROJECTS = join(import.meta.dirname, 'fixtures');

/**
 * The installed directory of TARGET's package at a version TARGET supports: the root's, or a
 * framework fixture project's (a major the root cannot install next to another).
 */
function packageRoot(framework: FrameworkInstrumentation, target: PatchTarget): string {
  const from = [
    join(import.meta.dirname, '../..'),
    ...readdirSync(FIXTURE_PROJECTS).map((name) => join(FIXTURE_PROJECTS, name)),
  ];
  const found = frameworkCensus([{ ...framework, targets: [target] }], from).find(
    (p) => p.supported,
  );
  if (found === undefined)
    throw new Error(`${target.package} ${target.versions.join(' || ')} is not installed`);
  return dirname(found.path);
}
const ALL = ['langchain', 'openai-agents', 'ai-sdk', 'mcp', 'google-adk', 'llamaindex', 'mastra'];

describe('runtime config: AGC_INSTRUMENTATIONS / AGC_DISABLED_INSTRUMENTATIONS', () => {
  it.each<[Record<string, string>, string[]]>([
    [{}, ALL],
    [{ AGC_INSTRUMENTATIONS: '' }, ALL],
    [{ AGC_INSTRUMENTATIONS: 'langchain,mcp' }, ['langchain', 'mcp']],
    [{ AGC_INSTRUMENTATIONS: ' MCP , LangChain ' }, ['langchain', 'mcp']],
    [{ AGC_INSTRUMENTATIONS: 'none' }, []],
    [{ AGC_DISABLED_INSTRUMENTATIONS: 'google-adk,llamaindex,mastra' }, ALL.slice(0, 4)],
    [{ AGC_INSTRUMENTATIONS: 'ai-sdk,mcp', AGC_DISABLED_INSTRUMENTATIONS: 'mcp' }, ['ai-sdk']],
  ])('%j → %j', (env, names) => {
    expect(runtimeConfigFromEnv(env).instrumentations).toEqual(names);
  });

  it('refuses an unknown name with the variable, the name and the known ones', () => {
    const select = () => runtimeConfigFromEnv({ AGC_DISABLED_INSTRUMENTATIONS: 'mcp,crewai' });
    expect(select).toThrow(ConfigError);
    expect(select).toThrow(
      "AGC_DISABLED_INSTRUMENTATIONS='mcp,crewai': unknown framework 'crewai' (expected 'none' or a comma list of langchain, openai-agents, ai-sdk, mcp, google-adk, llamaindex, mastra)",
    );
  });
});

const targets = FRAMEWORK_INSTRUMENTATIONS.flatMap((framework) =>
  framework.targets.map((target) => ({
    framework: framework.name,
    instrumentation: framework,
    target,
  })),
);

describe('patch targets match the installed framework packages', () => {
  it.each(targets)(
    '$framework: $target.package $target.versions $target.esm',
    ({ instrumentation, target }) => {
      const root = packageRoot(instrumentation, target);
      expect(existsSync(join(root, target.esm)), target.esm).toBe(true);
      if (target.cjs !== undefined)
        expect(existsSync(join(root, target.cjs)), target.cjs).toBe(true);
    },
  );
});

describe('the ESM loader include list', () => {
  it.each(targets)('$framework: only $target.esm of $target.package', ({ target }) => {
    const pattern = esmIncludePattern(target);
    const file = `node_modules/${target.package}/${target.esm}`;
    expect(pattern.test(pathToFileURL(`/srv/app/${file}`).href)).toBe(true);
    expect(pattern.test(`file:///srv/app/node_modules/.pnpm/x@1.0.0/${file}`)).toBe(true);
    expect(pattern.test(pathToFileURL(`/srv/app/${file}.map`).href)).toBe(false);
    expect(pattern.test(pathToFileURL(`/srv/app/node_modules/other/${target.esm}`).href)).toBe(
      false,
    );
    if (target.cjs !== undefined && target.cjs !== target.esm) {
      expect(pattern.test(`file:///srv/app/node_modules/${target.package}/${target.cjs}`)).toBe(
        false,
      );
    }
  });
});

describe('AGC_ESM_HOOK and the entry script', () => {
  it.each([
    [undefined, 'auto'],
    ['', 'auto'],
    [' ON ', 'on'],
    ['off', 'off'],
  ])('%j → %s', (value, mode) => {
    const env = value === undefined ? {} : { AGC_ESM_HOOK: value };
    expect(runtimeConfigFromEnv(env).esmHook).toBe(mode);
  });

  it('refuses other values', () => {
    expect(() => runtimeConfigFromEnv({ AGC_ESM_HOOK: 'yes' })).toThrow(
      "AGC_ESM_HOOK='yes': expected auto, on or off",
    );
  });

  // auto skips the loader hook only for apps that are certainly CommonJS.
  const dir = mkdtempSync(join(tmpdir(), 'agc-entry-'));
  mkdirSync(join(dir, 'esm-pkg/src'), { recursive: true });
  mkdirSync(join(dir, 'cjs-pkg'), { recursive: true });
  writeFileSync(join(dir, 'esm-pkg/package.json'), '{ "type": "module" }');
  writeFileSync(join(dir, 'cjs-pkg/package.json'), '{ "name": "app" }');
  it.each([
    ['app.cjs', true],
    ['app.cts', true],
    ['app.mjs', false],
    ['app.mts', false],
    ['esm-pkg/src/app.js', false],
    ['esm-pkg/bin', false],
    ['cjs-pkg/app.js', true],
    ['cjs-pkg/app.ts', true],
    ['cjs-pkg/app.coffee', false],
  ])('%s → CommonJS: %s', (file, commonJs) => {
    expect(entryIsCommonJs(join(dir, file))).toBe(commonJs);
  });

  it('unknown entries (REPL, -e) count as ESM-capable', () => {
    expect(entryIsCommonJs(undefined)).toBe(false);
    expect(entryIsCommonJs('')).toBe(false);
  });
});
