import type { Decision, DecisionSource } from './values.js';

/**
 * One finished governed tool call, as the pure modules (anomaly detectors, SLO calculators) see
 * it. The runtime builds it from the ended `execute_tool` span; the CLI builds it from recordings.
 * Keeping it a plain record is what lets `anomaly/` and `slo/` stay free of the OTel SDK.
 */
export interface ToolCallEvent {
  /** End time of the call, epoch milliseconds. */
  readonly timeMs: number;
  /** Agent id (`gen_ai.agent.id`, falling back to the name, or `unknown`). */
  readonly agentId: string;
  /** Agent name, when known. */
  readonly agentName?: string;
  /** Tool name. */
  readonly tool: string;
  /** The verdict's decision. */
  readonly decision: Decision;
  /** The verdict's source. */
  readonly source: DecisionSource;
  /** True when the call was blocked (deny in enforce mode): the tool body did not run. */
  readonly blocked: boolean;
  /** True when the tool body ran and failed. */
  readonly error: boolean;
  /** Duration of the call, milliseconds. */
  readonly durationMs: number;
  /** Tokens attributed to the call, when known. */
  readonly tokens?: number;
  /** Cost attributed to the call in USD, when known. */
  readonly costUsd?: number;
}
