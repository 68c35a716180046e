import { CapabilityDetector } from './capability-detector.js';
import { EntropyDetector } from './entropy-detector.js';
import { ErrorRateDetector } from './error-rate-detector.js';
import { FrequencyDetector } from './frequency-detector.js';
import { LatencyDetector } from './latency-detector.js';
import { ToolSlots } from './tool-slots.js';
import { DETECTOR_KINDS } from './types.js';
import type { AnomalyOptions, Detector } from './types.js';

/**
 * Everything the monitor keeps for one agent: its tool slots, one instance of each enabled
 * detector, the last score each detector fired with (and when), and the LRU links. Memory is
 * O(baselineBuckets + windowCalls + tools). An evicted state is reused for the next new agent
 * ({@link AgentState.rebind}), so a full monitor admits agents without allocating.
 */
export class AgentState {
  /** LRU neighbour seen more recently. */
  newer: AgentState | undefined;
  /** LRU neighbour seen less recently. */
  older: AgentState | undefined;
  /** Tool name to dense slot. */
  readonly tools: ToolSlots;
  /** Enabled detectors, cheapest and strongest first. */
  readonly detectors: readonly Detector[];
  /** Index into {@link DETECTOR_KINDS} of each detector, parallel to `detectors`. */
  readonly kindIndex: readonly number[];
  /** Per {@link DETECTOR_KINDS} entry: the score it last fired with. */
  readonly firedScore: number[] = DETECTOR_KINDS.map(() => 0);
  /** Per {@link DETECTOR_KINDS} entry: when it last fired (event time, ms). */
  readonly firedAt: number[] = DETECTOR_KINDS.map(() => -Infinity);
  /** Event time of the agent's latest call. */
  lastMs = -Infinity;
  // The same detectors by kind (undefined when disabled): the monitor calls each through its own
  // monomorphic call site, which V8 inlines, instead of one megamorphic loop.
  /** Capability detector. */
  readonly capability: CapabilityDetector | undefined;
  /** Frequency detector. */
  readonly frequency: FrequencyDetector | undefined;
  /** Entropy detector. */
  readonly entropy: EntropyDetector | undefined;
  /** Latency detector. */
  readonly latency: LatencyDetector | undefined;
  /** Error-rate detector. */
  readonly errorRate: ErrorRateDetector | undefined;

  constructor(
    public agentId: string,
    options: AnomalyOptions,
    declared: ReadonlySet<string> | undefined,
  ) {
    this.tools = new ToolSlots(options.maxToolsPerAgent);
    this.capability = options.capability.enabled
      ? new CapabilityDetector(options, declared)
      : undefined;
    this.frequency = options.frequency.enabled ? new FrequencyDetector(options) : undefined;
    this.entropy = options.entropy.enabled ? new EntropyDetector(options) : undefined;
    this.latency = options.latency.enabled ? new LatencyDetector(options) : undefined;
    this.errorRate = options.errorRate.enabled ? new ErrorRateDetector(options) : undefined;
    const all = [this.capability, this.frequency, this.entropy, this.latency, this.errorRate];
    this.detectors = all.filter((d): d is NonNullable<typeof d> => d !== undefined);
    this.kindIndex = this.detectors.map((d) => DETECTOR_KINDS.indexOf(d.kind));
  }

  /** Forgets everything and takes on AGENTID (with its declared profile, if any). */
  rebind(agentId: string, declared: ReadonlySet<string> | undefined): void {
    this.agentId = agentId;
    this.tools.clear();
    for (const detector of this.detectors) detector.reset();
    this.capability?.setProfile(declared);
    this.firedScore.fill(0);
    this.firedAt.fill(-Infinity);
    this.lastMs = -Infinity;
  }
}
