import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GOVERNANCE_ALERTS_FILE, generateDashboardFiles } from '../../dashboards/index.js';
import { promtool, writeTempFiles } from '../helpers/promtool.js';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/deployment.md'), 'utf8');
/** The doc's YAML examples, keyed by the file name on their first line (`# prometheus.yml`). */
const blocks = [...DOC.matchAll(/```yaml\n# ([\w./-]+)\n([\s\S]*?)```/g)].map((m) => ({
  file: m[1] ?? '',
  text: m[2] ?? '',
}));

describe('docs/deployment.md examples', () => {
  const prometheus = blocks.filter((b) => b.file === 'prometheus.yml');

  it('has the one-process and the fleet Prometheus configs', () => {
    expect(prometheus).toHaveLength(2);
  });

  it.each(prometheus.map((b, i) => [i, b.text] as const))(
    'Prometheus config #%i passes promtool check config, with the governance rules loaded',
    async (_i, text) => {
      const dir = writeTempFiles({ 'prometheus.yml': text });
      mkdirSync(join(dir, 'rules'));
      const rules = generateDashboardFiles().find((f) => f.path === GOVERNANCE_ALERTS_FILE);
      writeFileSync(join(dir, 'rules', 'agc-governance.rules.yaml'), rules?.text ?? '');
      const result = await promtool(['check', 'config', 'prometheus.yml'], dir);
      expect(result.output).toContain('SUCCESS: 13 rules found');
      expect(result.ok).toBe(true);
    },
  );

  it('names only dashboards and rule files that the build generates', () => {
    const generated = generateDashboardFiles().map((f) => f.path);
    const named = [...DOC.matchAll(/dashboards\/(agc-[\w-]+\.json|alerts\/[\w.-]+\.yaml)/g)].map(
      (m) => m[1],
    );
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(generated).toContain(name);
    for (const file of generated.filter((f) => f.endsWith('.json'))) expect(DOC).toContain(file);
  });

  it('the Alertmanager route sends page alerts to the pager', () => {
    const block = blocks.find((b) => b.file === 'alertmanager.yml');
    const config = parse(block?.text ?? '') as {
      route: { routes: { matchers: string[]; receiver: string }[] };
    };
    expect(config.route.routes).toEqual([{ matchers: ['severity="page"'], receiver: 'pager' }]);
  });
});
