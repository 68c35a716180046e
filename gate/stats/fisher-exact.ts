import { gammaln } from 'simple-statistics';

/** One-sided p-values of {@link fisherExact}. */
export interface FisherExactResult {
  /** P(canary events >= observed | margins): "canary proportion is higher". */
  readonly pGreater: number;
  /** P(canary events <= observed | margins): "canary proportion is lower". */
  readonly pLess: number;
}

/**
 * Fisher's exact test of the 2×2 table (canary `xX` of `nX`, baseline `xY` of `nY`), one-sided
 * both ways: the canary's event count is hypergeometric given the margins. Terms are summed
 * from the observed count outwards with the pmf ratio recurrence, stopping once they no longer
 * change the sum. Counts must be non-negative integers.
 *
 * @throws RangeError for counts that are not integers or events above trials
 */
export function fisherExact(xX: number, nX: number, xY: number, nY: number): FisherExactResult {
  for (const [name, v] of [
    ['xX', xX],
    ['nX', nX],
    ['xY', xY],
    ['nY', nY],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`fisherExact: ${name} = ${v} is not a non-negative integer`);
    }
  }
  if (xX > nX || xY > nY) throw new RangeError('fisherExact: more events than trials');
  const total = nX + nY;
  const events = xX + xY;
  const low = Math.max(0, events - nY);
  const high = Math.min(events, nX);
  const pmf = Math.exp(logPmf(xX, total, events, nX));
  // pmf(k+1)/pmf(k) = (events − k)(nX − k) / ((k + 1)(total − events − nX + k + 1))
  const ratio = (k: number): number =>
    ((events - k) * (nX - k)) / ((k + 1) * (total - events - nX + k + 1));
  // Sum the tail that moves away from the mode (terms only shrink, nothing overflows); the
  // other tail is its complement, which is at least about one half and so loses nothing.
  const mode = Math.floor(((nX + 1) * (events + 1)) / (total + 2));
  if (xX >= mode) {
    let sum = 1;
    let term = 1;
    for (let k = xX; k < high; k++) {
      term *= ratio(k);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    const pGreater = Math.min(1, pmf * sum);
    return { pGreater, pLess: Math.min(1, 1 - pGreater + pmf) };
  }
  let sum = 1;
  let term = 1;
  for (let k = xX; k > low; k--) {
    term /= ratio(k - 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const pLess = Math.min(1, pmf * sum);
  return { pGreater: Math.min(1, 1 - pLess + pmf), pLess };
}

/** log of the hypergeometric pmf: k events among `draws` of `total` holding `events`. */
function logPmf(k: number, total: number, events: number, draws: number): number {
  return logChoose(events, k) + logChoose(total - events, draws - k) - logChoose(total, draws);
}

function logChoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}
