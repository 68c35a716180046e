/** Defaults of the SLO specs, in one place. */

/** Alert name of the generated burn-rate alerts. @default 'AgcSloErrorBudgetBurn' */
export const DEFAULT_ALERT_NAME = 'AgcSloErrorBudgetBurn';
/** Alert name of the generated absent-data alert. @default 'AgcSloEventsAbsent' */
export const DEFAULT_ABSENT_ALERT_NAME = 'AgcSloEventsAbsent';
/** `for` of the absent-data alert. @default '10m' */
export const DEFAULT_ABSENT_FOR = '10m';
/** SLO period when a format has none (Sloth) or a native spec omits `window`. @default '30d' */
export const DEFAULT_PERIOD = '30d';
/** How long an opened circuit stays open before probing. @default '5m' */
export const DEFAULT_CIRCUIT_COOL_DOWN = '5m';
/** Probes admitted while half-open; this many good ones close the circuit. @default 3 */
export const DEFAULT_CIRCUIT_PROBES = 3;
/** Step of the subqueries that sample threshold SLIs (OpenSLO thresholdMetric). @default '1m' */
export const THRESHOLD_SAMPLE_STEP = '1m';
