import { diag } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { redactText } from '../common/index.js';
import type { ToolCallEvent } from '../conventions/index.js';
import { PolicyEngine } from '../policy/index.js';
import type { Policy, ToolCall, Usage, Verdict } from '../policy/index.js';
import type { ChaosInjector } from './chaos/chaos-injector.js';
import type { GovernanceMetrics } from './governance-metrics.js';
import type { ReplayCassette } from '../recording/replay-cassette.js';
import { IdentityGuard } from './identity-guard.js';
import { QuarantineRegistry } from './quarantine-registry.js';
import { spanToEvent } from './span-to-event.js';
import type { GovernanceObserver, ObserverEvent, VerdictSource } from './types.js';

/** Options of {@link Governor}. */
export interface GovernorOptions {
  /** The policy to enforce; none = observe only (everything allowed and recorded). */
  readonly policy?: Policy;
  /**
   * Process-wide mode override (`AGC_MODE`): `audit` records every deny as `audit` and blocks
   * nothing, whatever the documents say. @default 'enforce' (each document's own mode applies)
   */
  readonly mode?: 'enforce' | 'audit';
  /** Record tool arguments and results (redacted) on spans. @default false */
  readonly captureContent?: boolean;
  /**
   * Longest recorded content value (arguments, result, model response) in characters; longer
   * values are cut, and a cut value cannot be served by a re-run. @default 65536
   */
  readonly captureMaxChars?: number;
  /** Metrics to feed; none = no metrics. */
  readonly metrics?: GovernanceMetrics;
  /** Clock, epoch ms. @default Date.now */
  readonly now?: () => number;
  /** Fault injection (`AGC_CHAOS`): `govern()` applies the faults it chooses. */
  readonly chaos?: ChaosInjector;
  /** Recorded tool outcomes (`AGC_REPLAY`): `govern()` serves them instead of running tools. */
  readonly cassette?: ReplayCassette;
}

/**
 * The single owner of runtime governance state: the policy engine (with its rate-limit and
 * budget state), quarantines, and any other verdict sources (circuit breakers), plus the
 * observers (anomaly detectors, SLO calculators) fed with every finished call.
 *
 * `decide` never throws: a failure inside it fails closed (deny with source `error` in enforce
 * mode, `audit` in audit mode) and says so in the verdict.
 */
export class Governor {
  readonly quarantines: QuarantineRegistry;
  readonly captureContent: boolean;
  readonly captureMaxChars: number;
  readonly mode: 'enforce' | 'audit';
  readonly metrics: GovernanceMetrics | undefined;
  readonly chaos: ChaosInjector | undefined;
  readonly cassette: ReplayCassette | undefined;
  private readonly _engine: PolicyEngine;
  private readonly _sources: VerdictSource[];
  private readonly _observers: GovernanceObserver[] = [];
  // Handoff between govern() and the span processor. Both run synchronously inside one
  // startSpan() call, so a single slot is enough and cheaper than a WeakMap or a context value.
  private _pendingCall: ToolCall | undefined;
  private _pendingVerdict: Verdict | undefined;
  private _stampedSpan: object | undefined;
  private _stampedVerdict: Verdict | undefined;
  private readonly _auditOf = new WeakMap<Verdict, Verdict>();
  private readonly _now: () => number;
  private readonly _warned = new Set<string>();

  constructor(options: GovernorOptions = {}) {
    this._now = options.now ?? Date.now;
    this._engine = new PolicyEngine(options.policy, { now: this._now });
    this.mode = options.mode ?? 'enforce';
    this.captureContent = options.captureContent ?? false;
    this.captureMaxChars = options.captureMaxChars ?? 65536;
    this.metrics = options.metrics;
    this.quarantines = new QuarantineRegistry((agentId, on) => {
      try {
        this.metrics?.quarantined(agentId, on);
      } catch (error) {
        this.internalError('metrics', error);
      }
    });
    this._sources = [new IdentityGuard(), this.quarantines];
    this.chaos = options.chaos;
    this.cassette = options.cassette;
    this.metrics?.policyRules(options.policy?.ruleCount ?? 0);
  }

  /** The active policy. */
  get policy(): Policy | undefined {
    return this._engine.policy;
  }

  /** Swaps the policy (hot reload); limit and budget state of unchanged rules survives. */
  setPolicy(policy: Policy | undefined): void {
    this._engine.setPolicy(policy);
    this.metrics?.policyRules(policy?.ruleCount ?? 0);
  }

  /** Decides a call: verdict sources first (quarantine, circuits), then the policy. */
  decide(call: ToolCall): Verdict {
    const start = this.metrics ? performance.now() : 0;
    let verdict: Verdict;
    try {
      const time = call.time ?? this._now();
      verdict = this._fromSources(call, time) ?? this._engine.decide(call);
    } catch (error) {
      this.internalError('governor.decide', error);
      verdict = this.failClosed(error);
    }
    if (this.metrics) {
      try {
        this.metrics.recordDecision((performance.now() - start) / 1e3);
      } catch (error) {
        this.internalError('metrics', error);
      }
    }
    return this.mode === 'audit' ? this._asAudit(verdict) : verdict;
  }

  /** The verdict for a governance-path failure: deny (source `error`) unless in audit mode. */
  failClosed(error: unknown): Verdict {
    const reason = `governance failed (${error instanceof Error ? error.message : String(error)}); failing closed`;
    return Object.freeze({
      decision: this.mode === 'audit' ? 'audit' : 'deny',
      source: 'error',
      reason,
      mode: this.mode,
    });
  }

  /** Charges usage known after a call to the budgets that apply to it. */
  charge(call: ToolCall, usage: Usage): void {
    try {
      this._engine.charge(call, usage);
    } catch (error) {
      this.internalError('governor.charge', error);
    }
  }

  /**
   * Called by `govern()` right before it starts a tool span: the call the span processor's
   * `onStart` will decide on (with its arguments, which are not span attributes), and, for a
   * call already decided (a governance failure before its first span), that VERDICT, which the
   * processor stamps instead of deciding again (no second charge to limits and budgets).
   */
  setPendingCall(call: ToolCall | undefined, verdict?: Verdict): void {
    this._pendingCall = call;
    this._pendingVerdict = verdict;
  }

  /** Takes the pending call (once). */
  takePendingCall(): ToolCall | undefined {
    const call = this._pendingCall;
    this._pendingCall = undefined;
    return call;
  }

  /** Takes the pending call's preset verdict (once), if it has one. */
  takePendingVerdict(): Verdict | undefined {
    const verdict = this._pendingVerdict;
    this._pendingVerdict = undefined;
    return verdict;
  }

  /** Remembers the verdict the span processor stamped on SPAN (side channel to `govern()`). */
  stamp(span: object, verdict: Verdict): void {
    this._stampedSpan = span;
    this._stampedVerdict = verdict;
  }

  /** The verdict the span processor stamped on SPAN during its start, if it saw it (once). */
  stampedVerdict(span: object): Verdict | undefined {
    if (this._stampedSpan !== span) return undefined;
    const verdict = this._stampedVerdict;
    this._stampedSpan = undefined;
    this._stampedVerdict = undefined;
    return verdict;
  }

  /** Registers an observer; returns a function that removes it. */
  addObserver(observer: GovernanceObserver): () => void {
    this._observers.push(observer);
    return () => remove(this._observers, observer);
  }

  /** Registers a verdict source consulted before the policy; returns a remover. */
  addVerdictSource(source: VerdictSource): () => void {
    this._sources.push(source);
    return () => remove(this._sources, source);
  }

  /** Quarantines an agent: its calls are denied (source `quarantine`) until TTL or release. */
  quarantine(agentId: string, reason: string, ttlMs = Number.POSITIVE_INFINITY): void {
    this.quarantines.add(agentId, reason, ttlMs, this._now());
  }

  /** Releases a quarantined agent; true when it was quarantined. */
  release(agentId: string): boolean {
    return this.quarantines.release(agentId);
  }

  /** Feeds an ending `execute_tool` span to the observers; returns span events they asked for. */
  observe(span: ReadableSpan): ObserverEvent[] {
    let event: ToolCallEvent;
    try {
      event = spanToEvent(span);
    } catch (error) {
      this.internalError('governor.observe', error);
      return [];
    }
    return this.observeEvent(event, span);
  }

  /** Feeds one finished call to metrics and observers. Never throws. */
  observeEvent(event: ToolCallEvent, span?: ReadableSpan): ObserverEvent[] {
    try {
      this.metrics?.recordCall(event, span);
    } catch (error) {
      this.internalError('metrics', error);
    }
    let events: ObserverEvent[] | undefined;
    for (const observer of this._observers) {
      try {
        const out = observer.observe(event);
        if (out !== undefined && out.length > 0) (events ??= []).push(...out);
      } catch (error) {
        this.internalError(`observer.${observer.name}`, error);
      }
    }
    return events ?? [];
  }

  /** Counts and logs (once per component) an error caught inside the runtime. */
  internalError(component: string, error: unknown): void {
    try {
      this.metrics?.internalError(component);
      if (!this._warned.has(component)) {
        this._warned.add(component);
        // One line, redacted (an error message can hold a secret); the stack only at debug.
        const message = redactText(error instanceof Error ? error.message : String(error));
        diag.error(`@agc/otel: ${component} failed: ${message} (further errors are only counted)`);
        if (error instanceof Error && error.stack !== undefined)
          diag.debug(redactText(error.stack));
      }
    } catch {
      // The error path must not throw either.
    }
  }

  private _fromSources(call: ToolCall, time: number): Verdict | undefined {
    for (const source of this._sources) {
      const verdict = source.check(call, time);
      if (verdict !== undefined) return verdict;
    }
    return undefined;
  }

  private _asAudit(verdict: Verdict): Verdict {
    if (verdict.decision !== 'deny') return verdict;
    let audit = this._auditOf.get(verdict);
    if (audit === undefined) {
      audit = Object.freeze({ ...verdict, decision: 'audit', mode: 'audit' });
      this._auditOf.set(verdict, audit);
    }
    return audit;
  }
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
