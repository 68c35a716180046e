import { DEFAULT_CIRCUIT_COOL_DOWN, DEFAULT_CIRCUIT_PROBES } from './defaults.js';
import { parseDuration } from '../common/index.js';
import type { CircuitDecision, CircuitOptions, CircuitState } from './types.js';

/** Default circuit options: open for {@link DEFAULT_CIRCUIT_COOL_DOWN}, then {@link DEFAULT_CIRCUIT_PROBES} probes. */
export const DEFAULT_CIRCUIT_OPTIONS: CircuitOptions = {
  coolDownMs: parseDuration(DEFAULT_CIRCUIT_COOL_DOWN) ?? 300_000,
  probes: DEFAULT_CIRCUIT_PROBES,
};

/** Called on every state change. */
export type CircuitTransitionListener = (
  from: CircuitState,
  to: CircuitState,
  atMs: number,
) => void;

/**
 * Circuit breaker of one SLO. Time is always explicit (`nowMs`). The state machine:
 *
 * ```
 *            trip(): a bad event while the SLO pages
 *  closed ─────────────────────────────────────────────▶ open
 *    ▲                                                     │ admit() after coolDownMs
 *    │ `probes` good results                               ▼
 *    └──────────────────────────────────────────────── half_open
 *                     a bad result: open again, cool-down restarts ◀┘
 * ```
 *
 * - closed: every call is admitted.
 * - open: every call is refused (the Governor denies with source `circuit`) until `coolDownMs`
 *   has passed since opening; the first `admit` after that moves to half_open.
 * - half_open: up to `probes` calls are admitted; each good result counts, `probes` good results
 *   close the circuit, one bad result re-opens it. If the admitted probes report nothing for
 *   `coolDownMs` (e.g. they were denied by policy and never ran), a fresh batch is admitted.
 *
 * Tripping on a fresh bad event (not on the paging state alone) is what keeps a closed circuit
 * from re-opening on the old errors still inside the burn-rate windows.
 */
export class CircuitBreaker {
  readonly slo: string;
  readonly options: CircuitOptions;
  private current: CircuitState = 'closed';
  private since = 0;
  private admitted = 0;
  private successes = 0;
  private denial: CircuitDecision | undefined;
  private readonly listener: CircuitTransitionListener | undefined;

  /**
   * @param slo name of the SLO, used in decisions
   * @param options cool-down and probes @default {@link DEFAULT_CIRCUIT_OPTIONS}
   * @param listener called synchronously on each transition
   */
  constructor(
    slo: string,
    options: CircuitOptions = DEFAULT_CIRCUIT_OPTIONS,
    listener?: CircuitTransitionListener,
  ) {
    this.slo = slo;
    this.options = options;
    this.listener = listener;
  }

  /** Current state (does not apply the cool-down; `admit` does). */
  get state(): CircuitState {
    return this.current;
  }

  /**
   * Asks whether one call may run at `nowMs`; call it exactly once per call about to run.
   * Returns undefined when admitted (closed, or a half-open probe), else the denial (the same
   * object while the state lasts, so a refused call allocates nothing).
   */
  admit(nowMs: number): CircuitDecision | undefined {
    if (this.current === 'closed') return undefined;
    if (this.current === 'open') {
      if (nowMs - this.since < this.options.coolDownMs) return this.denial;
      this.move('half_open', nowMs);
    } else if (
      this.admitted >= this.options.probes &&
      nowMs - this.since >= this.options.coolDownMs
    ) {
      // The admitted probes never reported: start a fresh batch.
      this.since = nowMs;
      this.admitted = 0;
      this.successes = 0;
      this.denial = this.decision(nowMs);
    }
    if (this.admitted < this.options.probes) {
      this.admitted += 1;
      return undefined;
    }
    return this.denial;
  }

  /** Opens the circuit (from closed or half_open); no-op when already open. */
  trip(nowMs: number): void {
    if (this.current !== 'open') this.move('open', nowMs);
  }

  /** Reports the SLI result of a call that ran; only matters while half_open. */
  recordResult(good: boolean, nowMs: number): void {
    if (this.current !== 'half_open') return;
    if (!good) {
      this.move('open', nowMs);
      return;
    }
    this.successes += 1;
    if (this.successes >= this.options.probes) this.move('closed', nowMs);
  }

  private move(to: CircuitState, nowMs: number): void {
    const from = this.current;
    this.current = to;
    this.since = nowMs;
    this.admitted = 0;
    this.successes = 0;
    this.denial = to === 'closed' ? undefined : this.decision(nowMs);
    this.listener?.(from, to, nowMs);
  }

  private decision(nowMs: number): CircuitDecision {
    const retryAtMs = nowMs + this.options.coolDownMs;
    const state = this.current === 'open' ? 'open' : 'half_open';
    const reason =
      state === 'open'
        ? `circuit open: SLO '${this.slo}' is burning its error budget at page level; probes from ${isoTime(retryAtMs)}`
        : `circuit half-open: SLO '${this.slo}' probes in flight (${this.options.probes} admitted)`;
    return { slo: this.slo, state, reason, retryAtMs };
  }
}

function isoTime(ms: number): string {
  // Date#toISOString throws outside ±8.64e15 ms; a breaker never throws.
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms`;
}
