/** Attribute names of the `agc.anomaly` span event (one event per detector finding). */

/** `agc.anomaly.detector`: which detector fired (also the `detector` metric label). */
export const ATTR_AGC_ANOMALY_DETECTOR = 'agc.anomaly.detector';
/** `agc.anomaly.score`: the finding's normalised score, 0..1 (0.5 = just fired). */
export const ATTR_AGC_ANOMALY_SCORE = 'agc.anomaly.score';
/** `agc.anomaly.severity`: the finding's risk level (medium | high | critical). */
export const ATTR_AGC_ANOMALY_SEVERITY = 'agc.anomaly.severity';
/** `agc.anomaly.reason`: one readable sentence (tool names and numbers, never content). */
export const ATTR_AGC_ANOMALY_REASON = 'agc.anomaly.reason';
/** `agc.anomaly.tool`: the tool involved, for per-tool detectors. */
export const ATTR_AGC_ANOMALY_TOOL = 'agc.anomaly.tool';
/** `agc.anomaly.risk`: the agent's combined risk, 0..1. */
export const ATTR_AGC_ANOMALY_RISK = 'agc.anomaly.risk';
/** `agc.anomaly.risk_level`: the combined risk level. */
export const ATTR_AGC_ANOMALY_RISK_LEVEL = 'agc.anomaly.risk_level';
/** `agc.anomaly.action`: record | quarantine. */
export const ATTR_AGC_ANOMALY_ACTION = 'agc.anomaly.action';
/** Prefix of the finding's details (`agc.anomaly.details.z`, `...count`, ...). */
export const ATTR_AGC_ANOMALY_DETAILS_PREFIX = 'agc.anomaly.details.';
