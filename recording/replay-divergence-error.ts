import type { RecordedCallKind } from './replay-cassette.js';

/** One side of a divergence: what was called. */
export interface ReplayCallRef {
  readonly kind: RecordedCallKind;
  /** The tool name, or the requested model. */
  readonly name: string;
  /** The replay key (`agc.replay.key`). */
  readonly key: string;
}

/**
 * Thrown into the agent by a strict replay (`AGC_REPLAY`, `AGC_REPLAY_MODE=strict`) when a tool
 * or model call has no recorded counterpart (or the recorded one cannot be served): the run
 * diverged from the recording at STEP.
 */
export class ReplayDivergenceError extends Error {
  readonly code = 'AGC_REPLAY_DIVERGENCE';
  /** What the agent called. */
  readonly actual: ReplayCallRef;
  /** What the recording has at that position, if anything. */
  readonly expected: ReplayCallRef | undefined;

  constructor(
    /** The live call's position (0-based, tool and model calls together). */
    readonly step: number,
    actual: { readonly kind: RecordedCallKind; readonly name: string; readonly key: string },
    expected:
      { readonly kind: RecordedCallKind; readonly name: string; readonly key: string } | undefined,
    /** Why a matching recorded call could not be served, when that is the problem. */
    readonly unservable?: string,
  ) {
    const what =
      unservable !== undefined
        ? `the recorded ${noun(actual.kind)} cannot be served: ${unservable}`
        : expected === undefined
          ? 'the recording has no more calls'
          : expected.kind !== actual.kind || expected.name !== actual.name
            ? `the recording called ${describe(expected)}`
            : `the recording called ${describe(expected)} with other ${input(expected.kind)} (${expected.key.slice(0, 19)}…)`;
    super(
      `replay diverged at step ${step}: the agent called ${describe(actual)} (${actual.key.slice(0, 19)}…), ${what}`,
    );
    this.name = 'ReplayDivergenceError';
    this.actual = ref(actual);
    this.expected = expected && ref(expected);
  }
}

function ref(call: { kind: RecordedCallKind; name: string; key: string }): ReplayCallRef {
  return { kind: call.kind, name: call.name, key: call.key };
}

function describe(call: { kind: RecordedCallKind; name: string }): string {
  return call.kind === 'tool' ? `'${call.name}'` : `model '${call.name}'`;
}

function noun(kind: RecordedCallKind): string {
  return kind === 'tool' ? 'result' : 'response';
}

function input(kind: RecordedCallKind): string {
  return kind === 'tool' ? 'arguments' : 'messages';
}
