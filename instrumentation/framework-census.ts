import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import satisfies from 'semver/functions/satisfies.js';
import type { FrameworkInstrumentation } from './frameworks.js';
import type { FrameworkName } from './framework-names.js';

/** One framework package installed next to the app, and whether we patch its version. */
export interface FrameworkPackage {
  readonly framework: FrameworkName;
  readonly package: string;
  readonly version: string;
  /** The `package.json` read. */
  readonly path: string;
  /** The supported ranges of the package (every target of it). */
  readonly ranges: readonly string[];
  /** The version is inside one of RANGES. */
  readonly supported: boolean;
}

/**
 * The framework packages installed where the app resolves its modules: for each package any
 * FRAMEWORKS target patches, the first `node_modules/<package>/package.json` above each of FROM
 * (the entry script's folder, the working directory), as Node's resolution finds it. Reads a
 * few files, loads no framework; unreadable or unparsable manifests are left out.
 */
export function frameworkCensus(
  frameworks: readonly FrameworkInstrumentation[],
  from: readonly string[],
): FrameworkPackage[] {
  const found: FrameworkPackage[] = [];
  const seen = new Set<string>();
  for (const framework of frameworks) {
    const ranges = new Map<string, string[]>();
    for (const target of framework.targets) {
      ranges.set(target.package, [...(ranges.get(target.package) ?? []), ...target.versions]);
    }
    for (const [name, versions] of ranges) {
      for (const start of from) {
        const manifest = installedManifest(name, start);
        if (manifest === undefined || seen.has(manifest.path)) continue;
        seen.add(manifest.path);
        const supported = versions.some((range) => satisfies(manifest.version, range));
        found.push({
          framework: framework.name,
          package: name,
          ...manifest,
          ranges: versions,
          supported,
        });
      }
    }
  }
  return found;
}

function installedManifest(
  name: string,
  start: string,
): { path: string; version: string } | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const path = join(dir, 'node_modules', name, 'package.json');
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        const version = (JSON.parse(text) as { version?: unknown }).version;
        return typeof version === 'string' ? { path, version } : undefined;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
