import { parseSloSpecs } from '../../../slo/load-slo-spec.js';
import type { SloSpec } from '../../../slo/types.js';

/** One native SLO named `name`, with `spec` as the YAML body under `spec:` (2-space indented). */
export function nativeSpec(name: string, spec: string): SloSpec {
  const text = `apiVersion: agc/v1\nkind: SLO\nmetadata:\n  name: ${name}\nspec:\n${spec
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')}\n`;
  const [parsed] = parseSloSpecs(text, { file: `${name}.yaml` });
  if (!parsed) throw new Error('no spec parsed');
  return parsed;
}
