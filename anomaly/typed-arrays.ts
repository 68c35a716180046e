/** Small helpers for the detectors' growable per-tool typed arrays (private to anomaly/). */

/** Shared zero-length array: the state of a detector before its first tool (never written). */
export const EMPTY_FLOAT64: Float64Array<ArrayBuffer> = new Float64Array(0);

/** Initial per-tool capacity: most agents use a handful of tools. */
export const INITIAL_TOOL_CAPACITY = 4;

/** Capacity to hold index SLOT: doubles from {@link INITIAL_TOOL_CAPACITY}, at most LIMIT. */
export function capacityFor(slot: number, current: number, limit: number): number {
  let capacity = Math.max(current, INITIAL_TOOL_CAPACITY);
  while (capacity <= slot) capacity *= 2;
  return Math.min(capacity, limit);
}

/** A copy of SOURCE grown to LENGTH elements (new elements zero). */
export function grownFloat64(source: Float64Array, length: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(length);
  next.set(source);
  return next;
}

/** Number of set bits in a 32-bit unsigned integer. */
export function popcount32(bits: number): number {
  let v = bits - ((bits >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
