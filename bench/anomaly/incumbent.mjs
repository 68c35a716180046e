// The incumbent's rogue-agent detector (microsoft/agent-governance-toolkit, agent-sre
// `anomaly/rogue_detector.py`, OWASP ASI-10), re-implemented faithfully for the side-by-side
// quality benchmark only; see shared/research/seed-anchor.md §1 and §2.3. Same formulas and
// defaults: 60 s buckets opened at the first call after the previous one closed (idle periods
// leave no zero buckets), at least 5 closed buckets (history of 200), score |current − mean| / σ
// (population σ; 0 when σ = 0; the 2.5 threshold is stored but unused); Shannon entropy (log2)
// over every action ever recorded, at least 10, score (0.3 − H)/0.3 below 0.3 and (H − 3.5)/3.5
// above 3.5; capability = violations / total calls × weight (no profile: never a violation);
// composite = the raw sum; LOW < 1 ≤ MEDIUM < 2 ≤ HIGH < 3 ≤ CRITICAL; quarantine recommended
// at ≥ HIGH. Two deliberate differences that do not change any score: entropy is computed from
// running per-action counts (identical to recounting the unbounded list, without its O(n) cost),
// the bucket history's mean and σ are cached until a bucket closes (identical values), and the
// SHA-256 assessment chain is not kept (it does not affect detection).

export const INCUMBENT_LEVELS = ['low', 'medium', 'high', 'critical'];

export class IncumbentRogueDetector {
  constructor(config = {}) {
    this.windowS = config.frequencyWindowSeconds ?? 60;
    this.minWindows = config.frequencyMinWindows ?? 5;
    this.entropyLow = config.entropyLowThreshold ?? 0.3;
    this.entropyHigh = config.entropyHighThreshold ?? 3.5;
    this.entropyMin = config.entropyMinActions ?? 10;
    this.violationWeight = config.capabilityViolationWeight ?? 1;
    this.quarantineLevel = config.quarantineRiskLevel ?? 'high';
    this.agents = new Map();
    this.profiles = new Map();
  }

  registerCapabilityProfile(agentId, allowedTools) {
    this.profiles.set(agentId, new Set(allowedTools));
  }

  #state(agentId) {
    let s = this.agents.get(agentId);
    if (!s) {
      s = {
        current: undefined, // [windowStart, count]
        history: [], // closed bucket counts, at most 200
        counts: new Map(),
        total: 0,
        calls: 0,
        violations: 0,
        closed: 0,
        statsFor: -1,
        mean: 0,
        std: 0,
      };
      this.agents.set(agentId, s);
    }
    return s;
  }

  #flush(s, now) {
    if (s.current === undefined) {
      s.current = [now, 0];
      return;
    }
    if (now - s.current[0] >= this.windowS) {
      s.history.push(s.current[1]);
      s.closed += 1;
      if (s.history.length > 200) s.history.shift();
      s.current = [now, 0];
    }
  }

  /** record_action(agent, action, tool, timestamp) — timestamp in seconds, like the original. */
  recordAction(agentId, action, toolName, timestampS) {
    const s = this.#state(agentId);
    this.#flush(s, timestampS);
    s.current[1] += 1;
    s.counts.set(action, (s.counts.get(action) ?? 0) + 1);
    s.total += 1;
    s.calls += 1;
    const profile = this.profiles.get(agentId);
    if (profile !== undefined && !profile.has(toolName)) s.violations += 1;
  }

  #frequencyScore(s, now) {
    this.#flush(s, now);
    const h = s.history;
    if (h.length === 0 || h.length < this.minWindows) return 0;
    // The history only changes when a bucket closes: cache its mean and σ (same values).
    if (s.statsFor !== s.closed) {
      let sum = 0;
      for (const c of h) sum += c;
      const mean = sum / h.length;
      let sq = 0;
      for (const c of h) sq += (c - mean) ** 2;
      s.mean = mean;
      s.std = Math.sqrt(sq / h.length);
      s.statsFor = s.closed;
    }
    const mean = s.mean;
    const std = s.std;
    const current = s.current ? s.current[1] : 0;
    if (std === 0) return 0;
    return Math.abs(current - mean) / std;
  }

  #entropyScore(s) {
    if (s.total < this.entropyMin) return 0;
    let h = 0;
    for (const c of s.counts.values()) {
      const p = c / s.total;
      if (p > 0) h -= p * Math.log2(p);
    }
    if (h < this.entropyLow)
      return this.entropyLow > 0 ? (this.entropyLow - h) / this.entropyLow : 1;
    if (h > this.entropyHigh)
      return this.entropyHigh > 0 ? (h - this.entropyHigh) / this.entropyHigh : 1;
    return 0;
  }

  /** assess(agent, timestamp) → { level, composite, frequency, entropy, capability, quarantine }. */
  assess(agentId, timestampS) {
    const s = this.#state(agentId);
    const frequency = this.#frequencyScore(s, timestampS);
    const entropy = this.#entropyScore(s);
    const capability = s.calls === 0 ? 0 : (s.violations / s.calls) * this.violationWeight;
    const composite = frequency + entropy + capability;
    const level =
      composite >= 3 ? 'critical' : composite >= 2 ? 'high' : composite >= 1 ? 'medium' : 'low';
    const quarantine =
      INCUMBENT_LEVELS.indexOf(level) >= INCUMBENT_LEVELS.indexOf(this.quarantineLevel);
    return { level, composite, frequency, entropy, capability, quarantine };
  }
}
