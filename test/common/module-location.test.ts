import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../common/index.js';

describe('packageVersion', () => {
  it("is the version in this package's package.json, the one agc_runtime_info and --version report", () => {
    const manifest = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(packageVersion()).toBe(manifest.version);
  });
});
