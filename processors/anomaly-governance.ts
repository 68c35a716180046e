import { EVENT_AGC_ANOMALY } from '../conventions/index.js';
import type { ToolCallEvent } from '../conventions/index.js';
import { AnomalyMonitor, anomalyEventAttributes } from '../anomaly/index.js';
import type { AnomalyOptions } from '../anomaly/index.js';
import type { GovernanceMetrics } from './governance-metrics.js';
import type { Governor } from './governor.js';
import type { GovernanceObserver, ObserverEvent } from './types.js';

/**
 * Puts the anomaly detectors on the governed path: every finished call feeds the
 * {@link AnomalyMonitor}; a finding adds an `agc.anomaly` event to the span of the call that
 * triggered it and updates `agc_anomaly_score{agent,detector}`; with the `quarantine` action, a
 * risk at or above `quarantineAt` quarantines the agent (its next calls are denied with source
 * `quarantine` until the TTL passes or someone releases it).
 */
export class AnomalyGovernance implements GovernanceObserver {
  readonly name = 'anomaly';
  readonly monitor: AnomalyMonitor;

  constructor(
    options: AnomalyOptions | undefined,
    private readonly _governor: Governor,
    private readonly _metrics?: GovernanceMetrics,
  ) {
    this.monitor = new AnomalyMonitor(options, {
      onEvict: (agentId) => this._metrics?.forgetAgentScores(agentId),
    });
  }

  observe(event: ToolCallEvent): readonly ObserverEvent[] | undefined {
    // Calls refused by a quarantine or an open circuit are the governance acting, not the
    // agent; policy denies are the agent's own attempts (a denied exfiltration tool is a signal).
    if (event.blocked && (event.source === 'quarantine' || event.source === 'circuit'))
      return undefined;
    const assessment = this.monitor.observe(event);
    if (assessment === undefined) return undefined;
    const scores = this.monitor.scores(assessment.agentId);
    if (this._metrics && scores) {
      for (const [detector, score] of Object.entries(scores))
        this._metrics.anomalyScore(assessment.agentId, detector, score);
    }
    if (assessment.action === 'quarantine') {
      const reason = assessment.findings.map((f) => f.reason).join('; ');
      this._governor.quarantine(
        assessment.agentId,
        `anomaly (${assessment.level}): ${reason}`,
        assessment.quarantineTtlMs,
      );
    }
    return assessment.findings.map((finding) => ({
      name: EVENT_AGC_ANOMALY,
      attributes: anomalyEventAttributes(finding, assessment),
    }));
  }
}
