/**
 * Quantile of a binned distribution, interpolating linearly inside the bucket that holds it, as
 * PromQL's `histogram_quantile` does: the first bucket starts at 0 (or at its bound when that is
 * negative), and a quantile in the +Inf bucket is the highest finite bound. NaN when empty.
 *
 * @param bounds upper bounds, ascending (the last may be Infinity)
 * @param counts observations per bucket (not cumulative)
 */
export function histogramQuantile(
  bounds: readonly number[],
  counts: readonly number[],
  q: number,
): number {
  let total = 0;
  for (const c of counts) total += c;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < bounds.length; i++) {
    const count = counts[i] ?? 0;
    const upper = bounds[i] as number;
    if (below + count >= rank && count > 0) {
      if (upper === Infinity) return finiteMax(bounds);
      const lower = i === 0 ? Math.min(0, upper) : (bounds[i - 1] as number);
      return lower + ((upper - lower) * (rank - below)) / count;
    }
    below += count;
  }
  return finiteMax(bounds);
}

function finiteMax(bounds: readonly number[]): number {
  let max = Number.NaN;
  for (const b of bounds) if (Number.isFinite(b) && !(b <= max)) max = b;
  return max;
}
