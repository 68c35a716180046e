import type { ToolCallEvent } from '../conventions/index.js';
import { normaliseScore, riskLevelOf, riskRank } from './score.js';
import { EMPTY_FLOAT64, capacityFor, grownFloat64 } from './typed-arrays.js';
import type { AnomalyOptions, Detector, DetectorSignal, LatencyOptions } from './types.js';

// Per-tool fields, interleaved in one Float64Array.
const STRIDE = 5;
const CALLS = 0;
const MEAN = 1;
const VARIANCE = 2;
const RECENT = 3;
const FIRED = 4;

/**
 * Latency surge, per (agent, tool), as an EWMA control chart on x = ln(1 + durationMs) (latency
 * is roughly log-normal). The baseline is a slow EWMA mean and variance (Finch 2009; the plain
 * running mean and population variance during warm-up); the charted statistic is a fast EWMA of
 * x, updated first and scored against the baseline as it was before this call:
 *
 *   z = (recent − mean) / (max(σ, sigmaFloor) × √(α_r / (2 − α_r)))
 *
 * (the second factor is the stationary σ of an EWMA of independent values). Past warm-up both
 * EWMAs take x winsorised to mean ± `clampSigmas` σ: a single extreme call moves the chart by at
 * most α_r × clampSigmas σ (so lone slow calls do not fire), a sustained slowdown fires within a
 * few calls, and a surge does not absorb itself quickly. Calls that were blocked (the tool did
 * not run) are ignored. Upward only. Fires on crossing `threshold` or escalating; re-arms once the
 * chart falls below half the threshold.
 */
export class LatencyDetector implements Detector {
  /** @inheritdoc */
  readonly kind = 'latency' as const;
  /** @inheritdoc */
  score = 0;

  private readonly o: LatencyOptions;
  private readonly chartFactor: number;
  private readonly overflowSlot: number;
  private state = EMPTY_FLOAT64;

  constructor(private readonly options: AnomalyOptions) {
    this.o = options.latency;
    this.chartFactor = Math.sqrt(this.o.recentAlpha / (2 - this.o.recentAlpha));
    this.overflowSlot = options.maxToolsPerAgent;
  }

  /** @inheritdoc */
  ingest(event: ToolCallEvent, toolSlot: number): DetectorSignal | undefined {
    const duration = event.durationMs;
    if (event.blocked || !(duration >= 0) || duration === Infinity) return undefined;
    if (toolSlot === this.overflowSlot) return undefined;
    const at = toolSlot * STRIDE;
    if (at >= this.state.length) this.grow(toolSlot);
    const s = this.state;
    const x = Math.log1p(duration);
    const calls = (s[at + CALLS] as number) + 1;
    s[at + CALLS] = calls;
    if (calls === 1) {
      s[at + MEAN] = s[at + RECENT] = x;
      this.score = 0;
      return undefined;
    }
    const mean = s[at + MEAN] as number;
    const variance = s[at + VARIANCE] as number;
    const sigma = Math.max(Math.sqrt(variance), this.o.sigmaFloor);
    const scored = calls > this.o.warmupCalls;
    const limit = this.o.clampSigmas * sigma;
    const clipped = scored ? Math.min(Math.max(x, mean - limit), mean + limit) : x;
    const recent =
      (s[at + RECENT] as number) * (1 - this.o.recentAlpha) + this.o.recentAlpha * clipped;
    s[at + RECENT] = recent;
    // Plain running mean and population variance until the slow weight takes over.
    const alpha = Math.max(1 / calls, this.o.baselineAlpha);
    const delta = clipped - mean;
    s[at + MEAN] = mean + alpha * delta;
    s[at + VARIANCE] = (1 - alpha) * (variance + alpha * delta * delta);
    if (!scored) {
      this.score = 0;
      return undefined;
    }
    const z = (recent - mean) / (sigma * this.chartFactor);
    const score = normaliseScore(z, this.o.threshold, this.o.saturation);
    this.score = score;
    if (z < this.o.threshold / 2) s[at + FIRED] = 0;
    const rank = riskRank(riskLevelOf(score, this.options.risk));
    if (rank <= (s[at + FIRED] as number)) return undefined;
    s[at + FIRED] = rank;
    const recentMs = Math.expm1(recent);
    const baselineMs = Math.expm1(mean);
    return {
      score,
      reason:
        `latency of '${event.tool}' surged: recent ${recentMs.toFixed(1)} ms vs baseline ` +
        `${baselineMs.toFixed(1)} ms (chart z ${z.toFixed(1)})`,
      details: { z, recentMs, baselineMs, logSigma: sigma, durationMs: duration },
      tool: event.tool,
    };
  }

  /** @inheritdoc */
  reset(): void {
    this.state.fill(0);
    this.score = 0;
  }

  private grow(slot: number): void {
    const tools = capacityFor(slot, this.state.length / STRIDE, this.overflowSlot);
    this.state = grownFloat64(this.state, tools * STRIDE);
  }
}
