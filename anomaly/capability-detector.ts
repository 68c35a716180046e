import type { ToolCallEvent } from '../conventions/index.js';
import type { AnomalyOptions, CapabilityOptions, Detector, DetectorSignal } from './types.js';

/**
 * Capability profile, per agent. With a declared profile (`capability.profiles[agentId]`) every
 * call to a tool outside it fires at `declaredScore` (critical by default), from the first call.
 * Otherwise the profile is learned: every tool seen is added; the profile is armed once the agent
 * has made `learnCalls` calls and `learnMs` of event time has passed without a new tool, and
 * from then on the first call to each new tool fires at `learnedScore` (then the tool is learned,
 * so it fires once). Unlike the anchor, one out-of-profile call is a strong signal by itself, not
 * a fraction of all calls ever made.
 */
export class CapabilityDetector implements Detector {
  /** @inheritdoc */
  readonly kind = 'capability' as const;
  /** @inheritdoc */
  score = 0;

  private readonly o: CapabilityOptions;
  private declared: ReadonlySet<string> | undefined;
  private seenSlots = 0;
  private callsSinceNew = 0;
  private lastNewMs = NaN;
  private armed = false;

  /** DECLARED is the agent's declared profile, when it has one (the monitor builds it once). */
  constructor(options: AnomalyOptions, declared?: ReadonlySet<string>) {
    this.o = options.capability;
    this.declared = declared;
  }

  /** @inheritdoc */
  ingest(event: ToolCallEvent, toolSlot: number): DetectorSignal | undefined {
    if (this.declared) {
      if (this.declared.has(event.tool)) {
        this.score = 0;
        return undefined;
      }
      this.score = this.o.declaredScore;
      return {
        score: this.score,
        reason: `tool '${event.tool}' is outside the agent's declared profile`,
        details: { profile: 'declared', profileSize: this.declared.size },
        tool: event.tool,
      };
    }
    this.score = 0;
    if (!this.o.learn) return undefined;
    // Slots are handed out densely in order of first sight, so a slot not seen yet is a new tool.
    const isNew = toolSlot >= this.seenSlots;
    if (isNew) this.seenSlots = toolSlot + 1;
    if (this.armed) {
      if (!isNew) return undefined;
      this.score = this.o.learnedScore;
      return {
        score: this.score,
        reason: `first call to tool '${event.tool}', outside the agent's learned profile`,
        details: { profile: 'learned', callsBeforeArmed: this.o.learnCalls },
        tool: event.tool,
      };
    }
    const t = event.timeMs;
    if (isNew || Number.isNaN(this.lastNewMs)) {
      this.callsSinceNew = 0;
      this.lastNewMs = t;
    } else {
      this.callsSinceNew++;
    }
    this.armed = this.callsSinceNew >= this.o.learnCalls && t - this.lastNewMs >= this.o.learnMs;
    return undefined;
  }

  /** Replaces the declared profile (when the monitor reuses this state for another agent). */
  setProfile(declared: ReadonlySet<string> | undefined): void {
    this.declared = declared;
  }

  /** @inheritdoc */
  reset(): void {
    this.seenSlots = 0;
    this.callsSinceNew = 0;
    this.lastNewMs = NaN;
    this.armed = false;
    this.score = 0;
  }
}
