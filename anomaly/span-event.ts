import type { AnomalyAssessment, AnomalyFinding } from './types.js';

import {
  ATTR_AGC_ANOMALY_DETECTOR,
  ATTR_AGC_ANOMALY_SCORE,
  ATTR_AGC_ANOMALY_SEVERITY,
  ATTR_AGC_ANOMALY_REASON,
  ATTR_AGC_ANOMALY_TOOL,
  ATTR_AGC_ANOMALY_RISK,
  ATTR_AGC_ANOMALY_RISK_LEVEL,
  ATTR_AGC_ANOMALY_ACTION,
  ATTR_AGC_ANOMALY_DETAILS_PREFIX,
} from '../conventions/index.js';

// Re-exported for the anomaly API; the names live in conventions/.
export {
  ATTR_AGC_ANOMALY_DETECTOR,
  ATTR_AGC_ANOMALY_SCORE,
  ATTR_AGC_ANOMALY_SEVERITY,
  ATTR_AGC_ANOMALY_REASON,
  ATTR_AGC_ANOMALY_TOOL,
  ATTR_AGC_ANOMALY_RISK,
  ATTR_AGC_ANOMALY_RISK_LEVEL,
  ATTR_AGC_ANOMALY_ACTION,
  ATTR_AGC_ANOMALY_DETAILS_PREFIX,
};

/**
 * Attributes of the `agc.anomaly` span event for one FINDING of ASSESSMENT (the runtime adds one
 * event per finding on the span of the call that triggered it). Scalars only.
 */
export function anomalyEventAttributes(
  finding: AnomalyFinding,
  assessment: AnomalyAssessment,
): Record<string, string | number> {
  const attributes: Record<string, string | number> = {
    [ATTR_AGC_ANOMALY_DETECTOR]: finding.detector,
    [ATTR_AGC_ANOMALY_SCORE]: finding.score,
    [ATTR_AGC_ANOMALY_SEVERITY]: finding.severity,
    [ATTR_AGC_ANOMALY_REASON]: finding.reason,
    [ATTR_AGC_ANOMALY_RISK]: assessment.risk,
    [ATTR_AGC_ANOMALY_RISK_LEVEL]: assessment.level,
    [ATTR_AGC_ANOMALY_ACTION]: assessment.action,
  };
  if (finding.tool !== undefined) attributes[ATTR_AGC_ANOMALY_TOOL] = finding.tool;
  for (const [key, value] of Object.entries(finding.details)) {
    attributes[ATTR_AGC_ANOMALY_DETAILS_PREFIX + key] = value;
  }
  return attributes;
}
