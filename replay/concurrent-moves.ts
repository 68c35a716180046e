import type { AlignedPair } from './lcs-align.js';
import type { ToolStep } from './types.js';

/**
 * Calls starting within this many milliseconds of each other are taken as concurrent: a model
 * turn's parallel tool calls are dispatched in one tick (a millisecond boundary or a GC pause
 * apart at most), while sequential calls have a model call between them.
 */
export const CONCURRENT_MS = 5;

/**
 * Pairs the calls an order-preserving alignment could not: a call only in A and a call only in
 * B with the same KEY (tool and arguments), when the columns from one to the other (both
 * included) start within {@link CONCURRENT_MS} of each other in A and in B. Those are parallel
 * calls (one model turn's tool calls) that started in another order, which is not a change of
 * behaviour. Start times are recorded to the millisecond (OTel's span start clock), so such
 * calls often tie or straddle a millisecond. Returns the columns with each pair merged into the
 * position of its earlier half.
 */
export function pairConcurrentMoves(
  columns: readonly AlignedPair[],
  left: readonly ToolStep[],
  right: readonly ToolStep[],
  key: (step: ToolStep) => string,
): AlignedPair[] {
  const out: (AlignedPair | undefined)[] = [...columns];
  for (let p = 0; p < out.length; p++) {
    const first = out[p];
    if (first === undefined || !oneSided(first)) continue;
    for (let q = p + 1; q < out.length; q++) {
      const other = out[q];
      if (other === undefined) continue;
      const a = first.a ?? other.a;
      const b = first.b ?? other.b;
      const isMatch =
        oneSided(other) &&
        (first.a === undefined) !== (other.a === undefined) &&
        a !== undefined &&
        b !== undefined &&
        key(left[a] as ToolStep) === key(right[b] as ToolStep);
      if (!withinWindow(out, p, q, left, right)) break;
      if (isMatch) {
        out[p] = { a, b };
        out[q] = undefined;
        break;
      }
    }
  }
  return out.filter((column): column is AlignedPair => column !== undefined);
}

function oneSided(column: AlignedPair): boolean {
  return (column.a === undefined) !== (column.b === undefined);
}

/** The columns P..Q start within the window on each side (ignoring a side's missing calls). */
function withinWindow(
  columns: readonly (AlignedPair | undefined)[],
  p: number,
  q: number,
  left: readonly ToolStep[],
  right: readonly ToolStep[],
): boolean {
  let minA = Infinity;
  let maxA = -Infinity;
  let minB = Infinity;
  let maxB = -Infinity;
  for (let i = p; i <= q; i++) {
    const column = columns[i];
    if (column?.a !== undefined) {
      const t = (left[column.a] as ToolStep).startMs;
      minA = Math.min(minA, t);
      maxA = Math.max(maxA, t);
    }
    if (column?.b !== undefined) {
      const t = (right[column.b] as ToolStep).startMs;
      minB = Math.min(minB, t);
      maxB = Math.max(maxB, t);
    }
  }
  return maxA - minA <= CONCURRENT_MS && maxB - minB <= CONCURRENT_MS;
}
