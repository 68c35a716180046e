import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANOMALY_DEFAULTS } from '../../anomaly/index.js';

// The `@default` in each option's TSDoc (anomaly/types.ts) must be the value in defaults.ts.
const source = readFileSync(join(import.meta.dirname, '../../anomaly/types.ts'), 'utf8');
const SECTIONS: Record<string, object> = {
  FrequencyOptions: ANOMALY_DEFAULTS.frequency,
  EntropyOptions: ANOMALY_DEFAULTS.entropy,
  CapabilityOptions: ANOMALY_DEFAULTS.capability,
  LatencyOptions: ANOMALY_DEFAULTS.latency,
  ErrorRateOptions: ANOMALY_DEFAULTS.errorRate,
  RiskThresholds: ANOMALY_DEFAULTS.risk,
  AnomalyOptions: ANOMALY_DEFAULTS,
};

function documented(name: string): [string, string][] {
  const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? '';
  const fields: [string, string][] = [];
  const pattern = /@default ([^\s*]+)[\s\S]*?readonly (\w+):/g;
  for (let m = pattern.exec(body); m; m = pattern.exec(body)) fields.push([m[2]!, m[1]!]);
  return fields;
}

describe('documented defaults', () => {
  it.each(Object.keys(SECTIONS))('%s: every @default matches defaults.ts', (name) => {
    const fields = documented(name);
    expect(fields.length).toBeGreaterThan(0);
    for (const [field, text] of fields) {
      const value: unknown = (SECTIONS[name] as Record<string, unknown>)[field];
      const expected =
        typeof value === 'string'
          ? `'${value}'`
          : typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : JSON.stringify(value);
      expect(`${field} = ${text}`).toBe(`${field} = ${expected}`);
    }
  });
});
