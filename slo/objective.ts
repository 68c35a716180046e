/**
 * Objective and error budget as exact decimals. `100 - 99.9` is 0.09999999999999432 in floating
 * point (Sloth prints such budgets); we scale the written decimal to an integer first, so 99.9 %
 * gives exactly the double nearest to 0.001, which also renders back as `0.001` in PromQL.
 */

/** Most fractional digits an objective may have (beyond this the decimal is not exact). */
export const MAX_OBJECTIVE_DECIMALS = 10;

/** Objective and budget of one SLO as ratios. */
export interface ObjectiveRatios {
  /** Objective as a ratio (99.5 % → 0.995). */
  readonly objective: number;
  /** Error budget `1 - objective` (99.5 % → 0.005). */
  readonly errorBudget: number;
}

/** Number of fractional digits of `value` as JavaScript prints it (`1e-7` → 7). */
export function decimalPlaces(value: number): number {
  const text = String(value);
  const exp = /e([+-]\d+)$/.exec(text);
  const mantissa = exp ? text.slice(0, exp.index) : text;
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, fraction - (exp ? Number(exp[1]) : 0));
}

/**
 * Ratios of an objective given in percent (Sloth, native: 99.5) or as a ratio (OpenSLO
 * `target`: 0.995). Returns undefined when the value has more than
 * {@link MAX_OBJECTIVE_DECIMALS} decimals or is outside (0, 100) percent.
 */
export function objectiveRatios(
  value: number,
  unit: 'percent' | 'ratio',
): ObjectiveRatios | undefined {
  const places = decimalPlaces(value);
  if (!Number.isFinite(value) || places > MAX_OBJECTIVE_DECIMALS) return undefined;
  const scale = 10 ** places;
  const units = Math.round(value * scale);
  const full = (unit === 'percent' ? 100 : 1) * scale;
  if (units <= 0 || units >= full) return undefined;
  return { objective: units / full, errorBudget: (full - units) / full };
}
