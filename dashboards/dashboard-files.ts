import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { dashboard } from './grafana-sdk.js';
import { renderGovernanceAlerts } from './alerts/governance-alerts.js';
import { agentOverviewDashboard } from './agent-overview.js';
import { anomaliesDashboard } from './anomalies-dashboard.js';
import { policyDashboard } from './policy-dashboard.js';
import { sloDashboard } from './slo-dashboard.js';

/** One generated dashboard: its file name and its builder. */
export interface DashboardEntry {
  /** File name under the output folder, e.g. `agc-overview.json`. */
  readonly file: string;
  /** Builds the dashboard model (Grafana JSON schema 42). */
  readonly build: () => dashboard.Dashboard;
}

/** Every dashboard `agc dashboards build` writes, in menu order. */
export const DASHBOARDS: readonly DashboardEntry[] = [
  { file: 'agc-overview.json', build: agentOverviewDashboard },
  { file: 'agc-policy.json', build: policyDashboard },
  { file: 'agc-anomalies.json', build: anomaliesDashboard },
  { file: 'agc-slos.json', build: sloDashboard },
];

/** Where the governance alert rules go, relative to the output folder. */
export const GOVERNANCE_ALERTS_FILE = 'alerts/agc-governance.rules.yaml';

/** A generated file: its path relative to the output folder and its exact text. */
export interface GeneratedFile {
  /** Path relative to the output folder, `/`-separated. */
  readonly path: string;
  /** Exact file contents. */
  readonly text: string;
}

/** A committed file that does not match what the code generates. */
export interface StaleFile {
  /** Path relative to the checked folder. */
  readonly path: string;
  /** `missing`: not written; `stale`: differs; `unexpected`: a dashboard JSON no code generates. */
  readonly problem: 'missing' | 'stale' | 'unexpected';
}

/**
 * Generates every dashboard (JSON, two-space indent, trailing newline) and the governance alert
 * rules (YAML). Deterministic: the same code gives byte-identical files.
 *
 * @throws {@link DashboardError} when a dashboard or rule is inconsistent (a label a metric does
 *   not carry, an unused variable...).
 */
export function generateDashboardFiles(): GeneratedFile[] {
  return [
    ...DASHBOARDS.map((d) => ({ path: d.file, text: `${JSON.stringify(d.build(), null, 2)}\n` })),
    { path: GOVERNANCE_ALERTS_FILE, text: renderGovernanceAlerts() },
  ];
}

/** Writes the generated files under DIR (creating folders); returns what it wrote. */
export function writeDashboardFiles(dir: string): GeneratedFile[] {
  const files = generateDashboardFiles();
  for (const file of files) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
  return files;
}

/**
 * Compares the files under DIR with what the code generates: missing or different files, and
 * dashboard JSON files in DIR that no code generates. Empty when DIR is up to date.
 */
export function checkDashboardFiles(dir: string): StaleFile[] {
  const files = generateDashboardFiles();
  const problems: StaleFile[] = [];
  for (const file of files) {
    let text: string | undefined;
    try {
      text = readFileSync(join(dir, file.path), 'utf8');
    } catch {
      text = undefined;
    }
    if (text === undefined) problems.push({ path: file.path, problem: 'missing' });
    else if (text !== file.text) problems.push({ path: file.path, problem: 'stale' });
  }
  const generated = new Set(files.map((f) => f.path));
  for (const name of listDir(dir).sort()) {
    if (name.endsWith('.json') && !generated.has(name)) {
      problems.push({ path: name, problem: 'unexpected' });
    }
  }
  return problems;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
