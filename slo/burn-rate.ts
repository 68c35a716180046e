/**
 * The SLO arithmetic, as pure functions shared by the calculators and mirrored operation for
 * operation by the generated PromQL (so both give the same doubles):
 *
 * - error ratio over a window = bad events / events — a ratio of sums over the whole window,
 *   never an average of per-bucket ratios;
 * - burn rate = error ratio / error budget (1 = the budget lasts exactly the SLO period);
 * - a tier fires when the long AND short error ratios exceed `factor × budget` and the long
 *   window holds at least `minEvents` events;
 * - budget remaining = 1 − burn rate over the SLO period;
 * - time to exhaustion = remaining × period / current burn rate.
 */
import type { BurnWindow } from './types.js';

/** `bad / events`; NaN when `events` is 0 (no evidence, never a 0 % or 100 % ratio). */
export function errorRatio(bad: number, events: number): number {
  return events > 0 ? bad / events : Number.NaN;
}

/** `errorRatio / errorBudget`: 1 consumes the budget in exactly one SLO period. */
export function burnRate(ratio: number, errorBudget: number): number {
  return ratio / errorBudget;
}

/** Error-ratio threshold of a tier: `factor × errorBudget` (compared with `>`). */
export function tierThreshold(window: BurnWindow, errorBudget: number): number {
  return window.factor * errorBudget;
}

/**
 * Whether a tier fires: both ratios above the threshold (NaN, i.e. an empty window, never is)
 * and the long window holds at least `minEvents` events.
 */
export function tierFires(
  window: BurnWindow,
  errorBudget: number,
  longRatio: number,
  shortRatio: number,
  longEvents: number,
): boolean {
  const threshold = tierThreshold(window, errorBudget);
  return longRatio > threshold && shortRatio > threshold && longEvents >= window.minEvents;
}

/**
 * Share of the error budget left over the SLO period: `1 − (bad / events) / errorBudget`.
 * 1 with no events; negative when overspent.
 */
export function budgetRemaining(bad: number, events: number, errorBudget: number): number {
  return events > 0 ? 1 - burnRate(errorRatio(bad, events), errorBudget) : 1;
}

/**
 * Milliseconds until the remaining budget is spent at `currentBurnRate`: 0 when nothing is left,
 * Infinity when not burning (rate 0 or no evidence).
 */
export function timeToExhaustionMs(
  remaining: number,
  currentBurnRate: number,
  periodMs: number,
): number {
  if (remaining <= 0) return 0;
  if (!(currentBurnRate > 0)) return Number.POSITIVE_INFINITY;
  return (remaining * periodMs) / currentBurnRate;
}
