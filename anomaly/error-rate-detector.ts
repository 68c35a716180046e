import type { ToolCallEvent } from '../conventions/index.js';
import { normaliseScore, riskLevelOf, riskRank } from './score.js';
import { EMPTY_FLOAT64, capacityFor, grownFloat64, popcount32 } from './typed-arrays.js';
import type { AnomalyOptions, Detector, DetectorSignal, ErrorRateOptions } from './types.js';

/** Runs in the scored window: one bit each in a 32-bit word. */
export const ERROR_WINDOW = 32;

// Per-tool fields, interleaved in one Float64Array (the outcome bits fit a double exactly).
const STRIDE = 4;
const RUNS = 0;
const RATE = 1;
const BITS = 2;
const FIRED = 3;

/**
 * Error-rate surge, per (agent, tool). The outcomes of the tool's last 32 runs (calls whose body
 * ran; blocked calls are ignored) are kept as bits; each outcome that leaves that window feeds
 * the baseline error rate p (an EWMA, the plain mean while young), so the baseline never
 * contains the window being scored. With e errors in the window and p̃ = max(p, rateFloor):
 *
 *   z = (e − 32 p̃) / √(32 p̃ (1 − p̃))
 *
 * It fires when z ≥ threshold and e ≥ minErrors (a couple of errors on a quiet, clean tool is not
 * a surge), after `warmupCalls` runs; again on escalation; re-arms when the score drops below 0.25.
 */
export class ErrorRateDetector implements Detector {
  /** @inheritdoc */
  readonly kind = 'error_rate' as const;
  /** @inheritdoc */
  score = 0;

  private readonly o: ErrorRateOptions;
  private readonly overflowSlot: number;
  private state = EMPTY_FLOAT64;

  constructor(private readonly options: AnomalyOptions) {
    this.o = options.errorRate;
    this.overflowSlot = options.maxToolsPerAgent;
  }

  /** @inheritdoc */
  ingest(event: ToolCallEvent, toolSlot: number): DetectorSignal | undefined {
    if (event.blocked || toolSlot === this.overflowSlot) return undefined;
    const at = toolSlot * STRIDE;
    if (at >= this.state.length) this.grow(toolSlot);
    const s = this.state;
    const runs = (s[at + RUNS] as number) + 1;
    s[at + RUNS] = runs;
    const previous = s[at + BITS] as number;
    if (runs > ERROR_WINDOW) {
      const leaving = previous >>> (ERROR_WINDOW - 1);
      const alpha = Math.max(1 / (runs - ERROR_WINDOW), this.o.baselineAlpha);
      s[at + RATE] = (s[at + RATE] as number) + alpha * (leaving - (s[at + RATE] as number));
    }
    const bits = ((previous << 1) | (event.error ? 1 : 0)) >>> 0;
    s[at + BITS] = bits;
    if (runs < this.o.warmupCalls || runs <= ERROR_WINDOW) {
      this.score = 0;
      return undefined;
    }
    const errors = popcount32(bits);
    const baseline = s[at + RATE] as number;
    const p = Math.max(baseline, this.o.rateFloor);
    const z = (errors - ERROR_WINDOW * p) / Math.sqrt(ERROR_WINDOW * p * (1 - p));
    const raw = normaliseScore(z, this.o.threshold, this.o.saturation);
    const score =
      errors >= this.o.minErrors ? raw : Math.min(raw, (0.5 * errors) / this.o.minErrors);
    this.score = score;
    if (score < 0.25) s[at + FIRED] = 0;
    const rank = riskRank(riskLevelOf(score, this.options.risk));
    if (rank <= (s[at + FIRED] as number)) return undefined;
    s[at + FIRED] = rank;
    return {
      score,
      reason:
        `error rate of '${event.tool}' surged: ${errors} errors in its last ${ERROR_WINDOW} runs ` +
        `vs a baseline rate of ${(baseline * 100).toFixed(1)}% (z ${z.toFixed(1)})`,
      details: { z, errors, window: ERROR_WINDOW, baselineRate: baseline },
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
