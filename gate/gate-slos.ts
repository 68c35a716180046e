import { SloError, loadSloSpecs, parseSloSpecs } from '../slo/index.js';
import type { SloSpec } from '../slo/index.js';
import { DEFAULT_GATE_SLO } from './defaults.js';
import { GateConfigError } from './gate-config-error.js';

/**
 * The SLO specs `slo_burn` judges: the given files (any format `loadSloSpecs` reads), or the
 * gate's default SLO ({@link DEFAULT_GATE_SLO}) when there are none.
 *
 * @throws {@link GateConfigError} with the specs' file:line:column problems
 */
export function loadGateSlos(files: readonly string[]): SloSpec[] {
  try {
    return files.length > 0
      ? loadSloSpecs(files)
      : parseSloSpecs(DEFAULT_GATE_SLO, { file: '<default gate SLO>' });
  } catch (error) {
    if (error instanceof SloError) throw new GateConfigError(error.issues);
    throw error;
  }
}
