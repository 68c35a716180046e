import { formatIssue } from '../../common/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GATE_CONFIG,
  GateConfigError,
  loadGateConfig,
  loadGateSlos,
  parseGateConfig,
} from '../../gate/index.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/gate/gate.yaml');

/** The problems of TEXT as `line:column: message`. */
function problems(text: string): string[] {
  try {
    parseGateConfig(text, 'gate.yaml');
  } catch (error) {
    if (!(error instanceof GateConfigError)) throw error;
    return error.issues.map((i) => formatIssue(i).replace(/^gate\.yaml:/, ''));
  }
  throw new Error('expected a GateConfigError');
}

const HEAD = 'apiVersion: agc/v1\nkind: Gate\nmetadata: { name: mine }\n';

describe('gate configuration', () => {
  it('examples/gate/gate.yaml spells out exactly the built-in defaults', () => {
    const { file, ...example } = loadGateConfig(EXAMPLE);
    expect(file).toBe(EXAMPLE);
    expect(example).toEqual(DEFAULT_GATE_CONFIG);
  });

  it('omitted fields take the defaults; metrics take their measure defaults', () => {
    const config = parseGateConfig(
      `${HEAD}spec:\n  thresholds: { pass: 90 }\n  groups:\n    - name: only\n      weight: 1\n      metrics:\n        - { name: errs, measure: tool_error_rate, minSamples: 50 }\n        - { name: lat, measure: tool_latency, critical: false }\n`,
    );
    expect(config.name).toBe('mine');
    expect(config.alpha).toBe(0.02);
    expect(config.thresholds).toEqual({ pass: 90, marginal: 75 });
    expect(config.groups).toHaveLength(1);
    const [errs, lat] = config.groups[0]?.metrics ?? [];
    expect(errs).toMatchObject({
      group: 'only',
      minSamples: 50,
      allowedIncrease: 1.25,
      critical: true,
    });
    expect(lat).toMatchObject({ allowedIncrease: 1.1, criticalIncrease: 1.5, critical: false });
  });

  it('a document without spec is the default gate under another name', () => {
    const { file: _file, ...config } = parseGateConfig(HEAD);
    expect(config).toEqual({ ...DEFAULT_GATE_CONFIG, name: 'mine' });
  });

  it('SLO spec paths resolve against the gate file', () => {
    const config = parseGateConfig(
      `${HEAD}spec:\n  slo: { specs: [slos.yaml] }\n`,
      '/etc/agc/gate.yaml',
    );
    expect(config.sloSpecs).toEqual([resolve('/etc/agc/slos.yaml')]);
  });

  it.each([
    ['unknown field', `${HEAD}spec:\n  alpah: 0.01\n`, '5:3: spec.alpah: unknown field'],
    ['alpha out of range', `${HEAD}spec:\n  alpha: 0.7\n`, '5:10: spec.alpha: must be below 0.5'],
    [
      'unknown measure',
      `${HEAD}spec:\n  groups:\n    - name: g\n      weight: 1\n      metrics:\n        - { name: x, measure: vibes }\n`,
      '9:31: spec.groups[0].metrics[0].measure: expected one of tool_error_rate, deny_rate, anomaly_rate, tool_latency, run_latency, run_tokens, run_cost, slo_burn',
    ],
    [
      'critical ratio below the allowed one',
      `${HEAD}spec:\n  groups:\n    - name: g\n      weight: 1\n      metrics:\n        - name: x\n          measure: run_cost\n          criticalIncrease: 1.1\n`,
      '11:29: spec.groups[0].metrics[0].criticalIncrease: must be at least allowedIncrease (1.15)',
    ],
    [
      'sources on a measure that has none',
      `${HEAD}spec:\n  groups:\n    - name: g\n      weight: 1\n      metrics:\n        - { name: x, measure: tool_latency, sources: [policy] }\n`,
      '9:54: spec.groups[0].metrics[0].sources: only deny_rate metrics take sources (this one is tool_latency)',
    ],
    [
      'a test on a distribution',
      `${HEAD}spec:\n  groups:\n    - name: g\n      weight: 1\n      metrics:\n        - { name: x, measure: run_latency, test: fisher }\n`,
      '9:50: spec.groups[0].metrics[0].test: only rate metrics take a test (run_latency is a distribution)',
    ],
    [
      'unknown deny source',
      `${HEAD}spec:\n  groups:\n    - name: g\n      weight: 1\n      metrics:\n        - { name: x, measure: deny_rate, sources: [polcy] }\n`,
      '9:52: spec.groups[0].metrics[0].sources[0]: expected one of policy, rate_limit, budget, quarantine, circuit, default, error, identity',
    ],
    [
      'duplicate metric names',
      `${HEAD}spec:\n  groups:\n    - name: a\n      weight: 1\n      metrics: [{ name: x, measure: run_cost }]\n    - name: b\n      weight: 1\n      metrics: [{ name: x, measure: run_tokens }]\n`,
      "11:25: spec.groups[1].metrics[0].name: duplicate metric 'x'",
    ],
    [
      'marginal above pass',
      `${HEAD}spec:\n  thresholds: { pass: 80, marginal: 90 }\n`,
      '5:37: spec.thresholds.marginal: must not exceed pass (80)',
    ],
    [
      'criticalAlpha above alpha',
      `${HEAD}spec:\n  alpha: 0.01\n  criticalAlpha: 0.05\n`,
      '6:18: spec.criticalAlpha: criticalAlpha (0.05) must not exceed alpha (0.01)',
    ],
    [
      'weights adding up to nothing',
      `${HEAD}spec:\n  groups:\n    - name: a\n      weight: 0\n      metrics: [{ name: x, measure: run_cost }]\n`,
      '6:5: spec.groups: the group weights must add up to more than 0',
    ],
    [
      'wrong kind',
      'apiVersion: agc/v1\nkind: Gat\nmetadata: { name: x }\n',
      '2:7: kind: expected Gate',
    ],
    [
      'missing metadata',
      'apiVersion: agc/v1\nkind: Gate\n',
      '1:1: metadata: missing required field',
    ],
    ['YAML syntax', `${HEAD}spec: [\n`, expect.stringMatching(/^5:\d+: syntax: /)],
  ])('%s: names file, line and column', (_name, text, expected) => {
    expect(problems(text)).toContainEqual(expected);
  });

  it('lists every problem at once', () => {
    expect(problems(`${HEAD}spec:\n  alpha: 0.9\n  bogus: 1\n`)).toHaveLength(2);
  });

  it('an unreadable file is a positioned problem too', () => {
    expect(() => loadGateConfig('/nonexistent/gate.yaml')).toThrow(
      /^\/nonexistent\/gate\.yaml:1:1: cannot read: /,
    );
  });

  it('loadGateSlos: the built-in SLO by default, the files when given, their errors positioned', () => {
    expect(loadGateSlos([]).map((s) => [s.name, s.objective])).toEqual([
      ['gate-tool-success', 0.99],
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'agc-gate-slo-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'apiVersion: agc/v1\nkind: SLO\nmetadata: { name: x }\nspec:\n  objective: 120\n  sli: { kind: tool_success }\n',
    );
    let error: unknown;
    try {
      loadGateSlos([bad]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GateConfigError);
    expect((error as GateConfigError).issues[0]).toMatchObject({ file: bad, line: 5 });
  });
});
