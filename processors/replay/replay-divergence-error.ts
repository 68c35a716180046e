/**
 * Thrown into the agent by a strict replay (`AGC_REPLAY`, `AGC_REPLAY_MODE=strict`) when a call
 * has no recorded counterpart: the run diverged from the recording at STEP.
 */
export class ReplayDivergenceError extends Error {
  readonly code = 'AGC_REPLAY_DIVERGENCE';

  constructor(
    /** The live call's position (0-based). */
    readonly step: number,
    /** What the agent called. */
    readonly actual: { readonly tool: string; readonly argsHash: string },
    /** What the recording has at that position, if anything. */
    readonly expected: { readonly tool: string; readonly argsHash: string } | undefined,
  ) {
    const what =
      expected === undefined
        ? 'the recording has no more calls'
        : expected.tool !== actual.tool
          ? `the recording called '${expected.tool}'`
          : `the recording called '${expected.tool}' with other arguments (${expected.argsHash.slice(0, 19)}…)`;
    super(
      `replay diverged at step ${step}: the agent called '${actual.tool}' (${actual.argsHash.slice(0, 19)}…), ${what}`,
    );
    this.name = 'ReplayDivergenceError';
  }
}
