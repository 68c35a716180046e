/**
 * Combines normalised detector scores (each in [0, 1]) into one risk in [0, 1] by noisy-OR:
 * risk = 1 − Π (1 − sᵢ). Unlike the anchor's raw sum of unbounded scores, one signal can never
 * exceed its own evidence (one finding at threshold, 0.5, stays medium), corroborating signals
 * raise the risk (two at 0.5 give 0.75, high) and the result never leaves [0, 1]. Scores outside
 * [0, 1] or NaN are clipped first, so a misbehaving detector cannot dominate.
 */
export function combineRisk(scores: ArrayLike<number>): number {
  let keep = 1;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    const clipped = s > 1 ? 1 : s > 0 ? s : 0;
    keep *= 1 - clipped;
  }
  return 1 - keep;
}
