/** Thresholds and windows of the governance alerts (not SLO burn: see `agc slo rules`). */
export interface GovernanceAlertSettings {
  /** Window of the deny-ratio spike, in seconds. @default 300 (5m) */
  readonly denyWindowSeconds: number;
  /** Baseline window the spike is compared with (ending where the spike window starts). @default 3600 (1h) */
  readonly denyBaselineSeconds: number;
  /** Deny ratio of one agent over the window above which a spike may fire. @default 0.25 */
  readonly denyRatio: number;
  /** ...and it must be above this multiple of the agent's baseline ratio. @default 3 */
  readonly denyRatioFactor: number;
  /** ...and the agent made at least this many calls in the window (low-traffic guard). @default 20 */
  readonly denyMinCalls: number;
  /**
   * The baseline counts only with at least this many calls in it; an agent with less history (new,
   * or per-session ids) fires on ratio and volume alone. @default 100
   */
  readonly denyMinBaselineCalls: number;
  /** How long a spike must last. @default '5m' */
  readonly denyFor: string;
  /** A quarantine counts as new for this long (the alert fires for this long). @default '10m' */
  readonly quarantineNewFor: string;
  /** A quarantined agent still calling after this long is a ticket. @default '10m' */
  readonly quarantineCallingFor: string;
  /** Window in which any recorder drop fires. @default '5m' */
  readonly recorderDropWindow: string;
  /** Window in which export failures are counted. @default '10m' */
  readonly exportFailureWindow: string;
  /** How long exports must keep failing. @default '5m' */
  readonly exportFailureFor: string;
  /** A failed policy reload fires for this long. @default '10m' */
  readonly reloadFailureWindow: string;
  /** Window in which any internal error fires. @default '5m' */
  readonly internalErrorWindow: string;
  /** Severity label of alerts that need someone now. @default 'page' */
  readonly pageSeverity: string;
  /** Severity label of alerts that can wait for working hours. @default 'ticket' */
  readonly ticketSeverity: string;
}

/**
 * Defaults of the governance alerts. Severities use the SLO rules' `page`/`ticket` labels, so
 * one Alertmanager route serves both.
 */
export const GOVERNANCE_ALERT_DEFAULTS: GovernanceAlertSettings = {
  denyWindowSeconds: 300,
  denyBaselineSeconds: 3600,
  denyRatio: 0.25,
  denyRatioFactor: 3,
  denyMinCalls: 20,
  denyMinBaselineCalls: 100,
  denyFor: '5m',
  quarantineNewFor: '10m',
  quarantineCallingFor: '10m',
  recorderDropWindow: '5m',
  exportFailureWindow: '10m',
  exportFailureFor: '5m',
  reloadFailureWindow: '10m',
  internalErrorWindow: '5m',
  pageSeverity: 'page',
  ticketSeverity: 'ticket',
};
