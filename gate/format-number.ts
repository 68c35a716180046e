/** Number formatting shared by reasons and the text report. */

/** A proportion as a percentage with 2 decimals: `0.0215` → `2.15%`. */
export function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : 'n/a';
}

/** A ratio as `×1.25` (`×inf` when unbounded). */
export function times(value: number): string {
  if (value === Infinity) return '×inf';
  return Number.isFinite(value) ? `×${value.toFixed(2)}` : '×n/a';
}

/** A p-value: 3 significant digits, `<1e-12` below that. */
export function pValue(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 1e-12) return '<1e-12';
  return value.toPrecision(3).replace(/\.?0+(e|$)/, '$1');
}

/** A measurement with up to 4 significant digits and its unit. */
export function quantity(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const text = Math.abs(value) >= 1000 ? value.toFixed(0) : Number(value.toPrecision(4)).toString();
  return unit === '' ? text : `${text} ${unit}`;
}
