import type { ToolCallEvent } from '../conventions/index.js';
import { normaliseScore, riskLevelOf, riskRank } from './score.js';
import { jsdSamplingBias } from './statistics.js';
import { EMPTY_FLOAT64, capacityFor, grownFloat64 } from './typed-arrays.js';
import type { AnomalyOptions, Detector, DetectorSignal, EntropyOptions } from './types.js';

/**
 * Action-distribution shift, per agent. Keeps the agent's last `windowCalls` tools and, as its
 * baseline, every call that has left that window, exponentially decayed with a half-life of
 * `baselineHalfLifeCalls` calls (so the baseline never contains the window being scored). Scores
 * the Jensen-Shannon divergence (bits) between the two distributions, minus the sampling bias
 * of a `windowCalls`-sample window ({@link jsdSamplingBias}). The windowed Shannon entropy of
 * both is reported in the details. A focused single-tool agent has divergence 0 (never flagged:
 * the anchor scored low entropy itself as anomalous); a sudden change of mix is flagged. Fires on
 * crossing `threshold` or escalating; re-arms once the divergence falls below half the threshold.
 * The divergence is evaluated every `evaluateEvery` calls (O(tools) each), once warm.
 */
export class EntropyDetector implements Detector {
  /** @inheritdoc */
  readonly kind = 'entropy' as const;
  /** @inheritdoc */
  score = 0;

  private readonly o: EntropyOptions;
  private readonly window: Uint16Array;
  private readonly growth: number;
  private readonly slotLimit: number;
  private windowCounts = EMPTY_FLOAT64;
  private baseline = EMPTY_FLOAT64;
  private slots = 0;
  private head = 0;
  private filled = 0;
  private baseTotal = 0;
  private baseCalls = 0;
  private weight = 1;
  private firedRank = 0;
  private sinceEvaluated = 0;

  constructor(private readonly options: AnomalyOptions) {
    this.o = options.entropy;
    this.window = new Uint16Array(this.o.windowCalls);
    this.growth = 2 ** (1 / this.o.baselineHalfLifeCalls);
    this.slotLimit = options.maxToolsPerAgent + 1;
  }

  /** @inheritdoc */
  ingest(_event: ToolCallEvent, toolSlot: number): DetectorSignal | undefined {
    if (toolSlot >= this.windowCounts.length) this.grow(toolSlot);
    if (toolSlot >= this.slots) this.slots = toolSlot + 1;
    const size = this.window.length;
    if (this.filled === size) this.retire(this.window[this.head] as number);
    else this.filled++;
    this.window[this.head] = toolSlot;
    this.windowCounts[toolSlot] = (this.windowCounts[toolSlot] as number) + 1;
    this.head = this.head + 1 === size ? 0 : this.head + 1;
    if (this.filled < size || this.baseCalls < this.o.warmupCalls) return undefined;
    // The divergence moves by at most 1/size per call: evaluating every few calls is enough.
    if (++this.sinceEvaluated < this.o.evaluateEvery) return undefined;
    this.sinceEvaluated = 0;

    let divergence = 0;
    let observed = 0;
    const qScale = 1 / this.baseTotal;
    for (let i = 0; i < this.slots; i++) {
      const p = (this.windowCounts[i] as number) / size;
      const q = (this.baseline[i] as number) * qScale;
      const m = (p + q) / 2;
      if (p > 0) {
        observed++;
        divergence += p * Math.log2(p / m);
      }
      if (q > 0) divergence += q * Math.log2(q / m);
    }
    const shift = divergence / 2 - jsdSamplingBias(observed, size);
    const score = normaliseScore(shift, this.o.threshold, this.o.saturation);
    this.score = score;
    if (shift < this.o.threshold / 2) this.firedRank = 0;
    const rank = riskRank(riskLevelOf(score, this.options.risk));
    if (rank <= this.firedRank) return undefined;
    this.firedRank = rank;
    const windowEntropy = this.entropyOf(this.windowCounts, 1 / size);
    const baselineEntropy = this.entropyOf(this.baseline, qScale);
    return {
      score,
      reason:
        `tool mix of the last ${size} calls diverges from the agent's baseline: ` +
        `JSD ${shift.toFixed(3)} bits (entropy ${windowEntropy.toFixed(2)} vs ` +
        `${baselineEntropy.toFixed(2)} bits)`,
      details: {
        jsd: shift,
        jsdRaw: divergence / 2,
        windowEntropy,
        baselineEntropy,
        windowCalls: size,
        toolsInWindow: observed,
      },
    };
  }

  /** @inheritdoc */
  reset(): void {
    this.windowCounts.fill(0);
    this.baseline.fill(0);
    this.window.fill(0);
    this.slots = this.head = this.filled = this.baseTotal = this.baseCalls = this.firedRank = 0;
    this.sinceEvaluated = 0;
    this.weight = 1;
    this.score = 0;
  }

  /** Moves the oldest call of the window into the decayed baseline. */
  private retire(slot: number): void {
    this.windowCounts[slot] = (this.windowCounts[slot] as number) - 1;
    // Growing the weight of new calls is the same as decaying all old ones, in O(1).
    this.baseline[slot] = (this.baseline[slot] as number) + this.weight;
    this.baseTotal += this.weight;
    this.baseCalls++;
    this.weight *= this.growth;
    if (this.weight > 1e100) {
      for (let i = 0; i < this.slots; i++) this.baseline[i] = (this.baseline[i] as number) / 1e100;
      this.baseTotal /= 1e100;
      this.weight /= 1e100;
    }
  }

  private grow(slot: number): void {
    const capacity = capacityFor(slot, this.windowCounts.length, this.slotLimit);
    this.windowCounts = grownFloat64(this.windowCounts, capacity);
    this.baseline = grownFloat64(this.baseline, capacity);
  }

  private entropyOf(counts: Float64Array, scale: number): number {
    let h = 0;
    for (let i = 0; i < this.slots; i++) {
      const p = (counts[i] as number) * scale;
      if (p > 0) h -= p * Math.log2(p);
    }
    return h;
  }
}
