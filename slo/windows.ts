import { parseDuration } from '../common/index.js';
import type { AlertWindowSet, AlertWindowTier, BurnSeverity, BurnWindow } from './types.js';
import { GOOGLE_28D } from './windows/google-28d.js';
import { GOOGLE_30D } from './windows/google-30d.js';

/** The built-in window sets, by name. */
export const WINDOW_SETS: Readonly<Record<string, AlertWindowSet>> = {
  [GOOGLE_30D.name]: GOOGLE_30D,
  [GOOGLE_28D.name]: GOOGLE_28D,
};

/**
 * Bad events the minimum-events guard discounts: a tier may fire only once its long window holds
 * enough events that this many bad events alone stay at or below the tier's threshold, so one
 * (or two, or three) errors in a quiet window never page. @default 3
 */
export const DEFAULT_MIN_BAD_EVENTS = 3;

/** The built-in set for a period (30d → google-30d, 28d → google-28d), if any. */
export function defaultWindowSet(periodMs: number): AlertWindowSet | undefined {
  return Object.values(WINDOW_SETS).find((set) => parseDuration(set.period) === periodMs);
}

/**
 * Default minimum events for a tier: `ceil(minBadEvents / (factor × errorBudget))`, the fewest
 * events at which `minBadEvents` bad events do not cross the tier's threshold (research §1.5
 * item 3: ≈ 209 events per hour at 99.9 %, 42 at 99.5 %).
 * @default minBadEvents {@link DEFAULT_MIN_BAD_EVENTS}
 */
export function autoMinEvents(
  factor: number,
  errorBudget: number,
  minBadEvents = DEFAULT_MIN_BAD_EVENTS,
): number {
  const exact = minBadEvents / (factor * errorBudget);
  // Round first: 3 / (6 × 0.005) is 100.00000000000001 in floating point.
  return Math.ceil(Number(exact.toPrecision(12)));
}

/** Burn-rate factor of a tier: `budgetPercent / 100 × period / long`, e.g. 2 % of 30d in 1h = 14.4. */
export function burnFactor(budgetPercent: number, periodMs: number, longMs: number): number {
  return (budgetPercent * periodMs) / longMs / 100;
}

/**
 * Resolves tiers (data) to {@link BurnWindow}s for one SLO. `minEvents` overrides the automatic
 * guard when given. Durations must already be valid (the loader checks them with positions).
 */
export function resolveBurnWindows(
  tiers: readonly AlertWindowTier[],
  periodMs: number,
  errorBudget: number,
  minEvents?: number,
  severities: readonly BurnSeverity[] = ['page', 'ticket'],
): BurnWindow[] {
  const windows = tiers
    .filter((tier) => severities.includes(tier.severity))
    .map((tier): BurnWindow => {
      const longMs = parseDuration(tier.long) ?? 0;
      const shortMs = parseDuration(tier.short) ?? 0;
      const factor = burnFactor(tier.budgetPercent, periodMs, longMs);
      return {
        severity: tier.severity,
        longMs,
        shortMs,
        budgetPercent: tier.budgetPercent,
        factor,
        minEvents: minEvents ?? autoMinEvents(factor, errorBudget),
      };
    });
  const rank = (s: BurnSeverity): number => (s === 'page' ? 0 : 1);
  return windows.sort((a, b) => rank(a.severity) - rank(b.severity) || a.longMs - b.longMs);
}
