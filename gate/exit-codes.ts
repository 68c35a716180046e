import type { GateVerdict } from './types.js';

/**
 * Exit code of each verdict (`agc gate`, and `exitCode` in reports): 0 pass, 1 fail, 3 marginal
 * or inconclusive (a human decides; not a pass). 2 is kept for usage and input errors.
 */
export const GATE_EXIT_CODES: Readonly<Record<GateVerdict, number>> = {
  pass: 0,
  fail: 1,
  marginal: 3,
  inconclusive: 3,
};

/** Exit code of usage and input errors (bad flags, unreadable recordings, invalid gate file). */
export const GATE_USAGE_EXIT_CODE = 2;
