import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  DashboardError,
  GOVERNANCE_ALERTS_FILE,
  generateGovernanceAlerts,
  renderGovernanceAlerts,
} from '../../dashboards/index.js';
import { promtool, writeTempFiles } from '../helpers/promtool.js';
import { conventionSeriesNames, metricNames } from './promql-names.js';

const ROOT = join(import.meta.dirname, '../..');
const RULES = join(ROOT, 'dashboards', GOVERNANCE_ALERTS_FILE);

describe('governance alert rules', () => {
  it('promtool accepts the generated file', async () => {
    const dir = writeTempFiles({ 'rules.yaml': renderGovernanceAlerts() });
    const result = await promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(result.output).toContain('SUCCESS: 13 rules found');
    expect(result.ok).toBe(true);
  });

  it('promtool unit tests pass on the committed file (deny spike, quarantine, lost telemetry, reloads)', async () => {
    const dir = writeTempFiles({});
    copyFileSync(RULES, join(dir, 'agc-governance.rules.yaml'));
    copyFileSync(
      join(import.meta.dirname, 'governance-alerts.promtool.yaml'),
      join(dir, 'tests.yaml'),
    );
    const result = await promtool(['test', 'rules', 'tests.yaml'], dir);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('a broken expectation makes the promtool tests fail (the tests can fail)', async () => {
    const tests = readFileSync(
      join(import.meta.dirname, 'governance-alerts.promtool.yaml'),
      'utf8',
    );
    // Claim `steady` (always denied half the time) spikes too.
    const wrong = tests.replace(
      '          - exp_labels: { severity: page, job: svc, agent: new }',
      '          - exp_labels: { severity: page, job: svc, agent: steady }',
    );
    expect(wrong).not.toBe(tests);
    const dir = writeTempFiles({ 'tests.yaml': wrong });
    copyFileSync(RULES, join(dir, 'agc-governance.rules.yaml'));
    const result = await promtool(['test', 'rules', 'tests.yaml'], dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('AgcDenyRateSpike');
  });

  it('reads only metrics from conventions/ and the series it records itself', () => {
    const file = generateGovernanceAlerts();
    const rules = file.groups.flatMap((g) => g.rules);
    const recorded = new Set(rules.flatMap((r) => ('record' in r ? [r.record] : [])));
    const known = conventionSeriesNames();
    const unknown = rules
      .flatMap((r) => metricNames(r.expr))
      .filter((name) => !known.has(name) && !recorded.has(name));
    expect(unknown).toEqual([]);
    expect(rules.flatMap((r) => ('alert' in r ? [r.alert] : []))).toEqual([
      'AgcDenyRateSpike',
      'AgcAgentQuarantineStarted',
      'AgcQuarantinedAgentStillCalling',
      'AgcRecorderDroppingSpans',
      'AgcSpanExportFailing',
      'AgcPolicyReloadFailed',
      'AgcInternalErrors',
      'AgcFrameworkNotGoverned',
    ]);
  });

  it('every alert carries a page or ticket severity, a summary and a description', () => {
    const doc = parse(renderGovernanceAlerts()) as {
      groups: {
        rules: {
          alert?: string;
          labels?: Record<string, string>;
          annotations?: Record<string, string>;
        }[];
      }[];
    };
    const alerts = doc.groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined);
    expect(alerts).toHaveLength(8);
    for (const alert of alerts) {
      expect(['page', 'ticket']).toContain(alert.labels?.severity);
      expect(alert.annotations?.summary).toBeTruthy();
      expect(alert.annotations?.description).toBeTruthy();
    }
  });

  it('settings change the thresholds', () => {
    const text = renderGovernanceAlerts(
      generateGovernanceAlerts({ denyRatio: 0.5, denyMinCalls: 50, denyWindowSeconds: 600 }),
    );
    expect(text).toContain('job_agent:agc_tool_call_deny_ratio:rate10m > 0.5');
    expect(text).toContain('job_agent:agc_tool_calls:rate10m * 600 >= 50');
    expect(text).toContain('rate(agc_tool_calls_total[1h] offset 10m)');
  });

  it.each([
    [{ denyRatio: 1.5 }, 'denyRatio 1.5: expected 0 < x < 1'],
    [{ denyRatioFactor: 0.5 }, 'denyRatioFactor 0.5: expected >= 1'],
    [{ denyWindowSeconds: 30 }, 'denyWindowSeconds 30: expected whole seconds >= 60'],
    [{ denyFor: 'soon' }, "denyFor 'soon': expected a duration like 5m"],
  ])('rejects %j', (settings, message) => {
    expect(() => generateGovernanceAlerts(settings)).toThrow(DashboardError);
    expect(() => generateGovernanceAlerts(settings)).toThrow(message);
  });
});
