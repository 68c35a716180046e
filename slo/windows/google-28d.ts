import type { AlertWindowSet } from '../types.js';

/**
 * The workbook's budget shares applied to a 28-day SLO (as Sloth does): same windows and
 * percentages as {@link GOOGLE_30D}, so the factors become 13.44, 5.6, 2.8 and 0.9333….
 */
export const GOOGLE_28D: AlertWindowSet = {
  name: 'google-28d',
  period: '28d',
  tiers: [
    { severity: 'page', budgetPercent: 2, long: '1h', short: '5m' },
    { severity: 'page', budgetPercent: 5, long: '6h', short: '30m' },
    { severity: 'ticket', budgetPercent: 10, long: '1d', short: '2h' },
    { severity: 'ticket', budgetPercent: 10, long: '3d', short: '6h' },
  ],
};
