import type { AlertWindowSet } from '../types.js';

/**
 * Google SRE workbook ("Alerting on SLOs", approach 6) windows for a 30-day SLO: page when 2 % of
 * the budget goes in 1 h (14.4×, confirmed over 5 m) or 5 % in 6 h (6×, 30 m); ticket when 10 %
 * goes in 1 d (3×, 2 h) or 10 % in 3 d (1×, 6 h). Factors are derived, not written:
 * `budgetPercent / 100 × 30d / long`.
 */
export const GOOGLE_30D: AlertWindowSet = {
  name: 'google-30d',
  period: '30d',
  tiers: [
    { severity: 'page', budgetPercent: 2, long: '1h', short: '5m' },
    { severity: 'page', budgetPercent: 5, long: '6h', short: '30m' },
    { severity: 'ticket', budgetPercent: 10, long: '1d', short: '2h' },
    { severity: 'ticket', budgetPercent: 10, long: '3d', short: '6h' },
  ],
};
