import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FRAMEWORK_INSTRUMENTATIONS } from '../../instrumentation/frameworks.js';
import { esmIncludePattern } from '../../instrumentation/patch-target.js';
import { entryIsCommonJs } from '../../instrumentation/loader-hook.js';
import { ConfigError, runtimeConfigFromEnv } from '../../runtime/index.js';

const require = createRequire(import.meta.url);

/** The installed package directory (its exports map may hide `package.json`). */
function packageRoot(name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new Error(`${name} is not installed`);
}
const ALL = ['langchain', 'openai-agents', 'ai-sdk', 'mcp', 'google-adk', 'llamaindex'];

describe('runtime config: AGC_INSTRUMENTATIONS / AGC_DISABLED_INSTRUMENTATIONS', () => {
  it.each<[Record<string, string>, string[]]>([
    [{}, ALL],
    [{ AGC_INSTRUMENTATIONS: '' }, ALL],
    [{ AGC_INSTRUMENTATIONS: 'langchain,mcp' }, ['langchain', 'mcp']],
    [{ AGC_INSTRUMENTATIONS: ' MCP , LangChain ' }, ['langchain', 'mcp']],
    [{ AGC_INSTRUMENTATIONS: 'none' }, []],
    [{ AGC_DISABLED_INSTRUMENTATIONS: 'google-adk,llamaindex' }, ALL.slice(0, 4)],
    [{ AGC_INSTRUMENTATIONS: 'ai-sdk,mcp', AGC_DISABLED_INSTRUMENTATIONS: 'mcp' }, ['ai-sdk']],
  ])('%j → %j', (env, names) => {
    expect(runtimeConfigFromEnv(env).instrumentations).toEqual(names);
  });

  it('refuses an unknown name with the variable, the name and the known ones', () => {
    const select = () => runtimeConfigFromEnv({ AGC_DISABLED_INSTRUMENTATIONS: 'mcp,crewai' });
    expect(select).toThrow(ConfigError);
    expect(select).toThrow(
      "AGC_DISABLED_INSTRUMENTATIONS='mcp,crewai': unknown framework 'crewai' (expected 'none' or a comma list of langchain, openai-agents, ai-sdk, mcp, google-adk, llamaindex)",
    );
  });
});

const targets = FRAMEWORK_INSTRUMENTATIONS.flatMap((framework) =>
  framework.targets.map((target) => ({ framework: framework.name, target })),
);

describe('patch targets match the installed framework packages', () => {
  it.each(targets)('$framework: $target.package $target.esm', ({ target }) => {
    const root = packageRoot(target.package);
    expect(existsSync(join(root, target.esm)), target.esm).toBe(true);
    if (target.cjs !== undefined) expect(existsSync(join(root, target.cjs)), target.cjs).toBe(true);
  });
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
