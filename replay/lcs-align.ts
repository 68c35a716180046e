/** One column of an alignment: both indices = matched; one index = present on that side only. */
export interface AlignedPair {
  readonly a?: number;
  readonly b?: number;
}

/** Options of {@link alignSequences}. */
export interface AlignOptions {
  /**
   * Score at or above which two items are identical: a common prefix and suffix of such pairs
   * is matched without running the quadratic alignment. @default Infinity (no trimming)
   */
  readonly exact?: number;
  /**
   * Largest dynamic-programming table (cells = n × m after trimming, one byte each). Longer
   * inputs are aligned in windows of √maxCells items per side, committing half a window at a
   * time: then a shift longer than half a window shows as removals and additions.
   * @default 16_000_000
   */
  readonly maxCells?: number;
}

/** An alignment and whether it was windowed. */
export interface Alignment {
  readonly pairs: readonly AlignedPair[];
  /** True when the input exceeded `maxCells` and was aligned in windows. */
  readonly approximate: boolean;
}

const DIAG = 1;
const UP = 2;
const LEFT = 3;

/**
 * Weighted longest common subsequence: aligns A and B maximising the summed SCORE of matched
 * pairs, where `score(x, y) <= 0` means x and y may not be matched. With score 1 for "same
 * name" and more for "same name and arguments", repeated and reordered calls line up with their
 * true counterparts rather than the first lookalike. O(n·m) time, one byte per cell.
 *
 * Ties prefer a match, then a removal from A, so equal inputs align one to one.
 */
export function alignSequences<T>(
  a: readonly T[],
  b: readonly T[],
  score: (x: T, y: T) => number,
  options: AlignOptions = {},
): Alignment {
  const exact = options.exact ?? Infinity;
  const maxCells = options.maxCells ?? 16_000_000;
  let start = 0;
  while (start < a.length && start < b.length && score(a[start] as T, b[start] as T) >= exact)
    start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && score(a[endA - 1] as T, b[endB - 1] as T) >= exact) {
    endA--;
    endB--;
  }
  const pairs: AlignedPair[] = [];
  for (let i = 0; i < start; i++) pairs.push({ a: i, b: i });
  const n = endA - start;
  const m = endB - start;
  let approximate = false;
  if ((n + 1) * (m + 1) <= maxCells) {
    alignBlock(a, b, score, start, endA, start, endB, pairs);
  } else {
    approximate = true;
    const side = Math.max(2, Math.floor(Math.sqrt(maxCells)) - 1);
    const half = Math.max(1, side >> 1);
    let i = start;
    let j = start;
    while (i < endA && j < endB) {
      const stopA = Math.min(endA, i + side);
      const stopB = Math.min(endB, j + side);
      const block: AlignedPair[] = [];
      alignBlock(a, b, score, i, stopA, j, stopB, block);
      const finalBlock = stopA === endA && stopB === endB;
      // Commit up to the last match in the first half of the window (all of the last window).
      let commit = block.length;
      if (!finalBlock) {
        commit = 0;
        for (let k = 0; k < block.length; k++) {
          const p = block[k] as AlignedPair;
          if (p.a !== undefined && p.b !== undefined && p.a < i + half && p.b < j + half)
            commit = k + 1;
        }
        if (commit === 0) {
          // No anchor in reach: give up half a window on both sides.
          for (let k = i; k < Math.min(stopA, i + half); k++) pairs.push({ a: k });
          for (let k = j; k < Math.min(stopB, j + half); k++) pairs.push({ b: k });
          i = Math.min(stopA, i + half);
          j = Math.min(stopB, j + half);
          continue;
        }
      }
      for (let k = 0; k < commit; k++) {
        const p = block[k] as AlignedPair;
        pairs.push(p);
        if (p.a !== undefined) i = p.a + 1;
        if (p.b !== undefined) j = p.b + 1;
      }
      if (finalBlock) {
        i = endA;
        j = endB;
      }
    }
    for (; i < endA; i++) pairs.push({ a: i });
    for (; j < endB; j++) pairs.push({ b: j });
  }
  for (let k = 0; k < a.length - endA; k++) pairs.push({ a: endA + k, b: endB + k });
  return { pairs, approximate };
}

function alignBlock<T>(
  a: readonly T[],
  b: readonly T[],
  score: (x: T, y: T) => number,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  out: AlignedPair[],
): void {
  const n = a1 - a0;
  const m = b1 - b0;
  const width = m + 1;
  // Scores of suffixes (a[i..], b[j..]), traced forward from (0, 0): on ties a match is taken
  // as early as possible, so an inserted retry shows after the call it repeats.
  const dir = new Uint8Array((n + 1) * width);
  let next = new Float64Array(width);
  let row = new Float64Array(width);
  for (let j = 0; j < m; j++) dir[n * width + j] = LEFT;
  for (let i = n - 1; i >= 0; i--) {
    row[m] = 0;
    dir[i * width + m] = UP;
    const x = a[a0 + i] as T;
    for (let j = m - 1; j >= 0; j--) {
      const s = score(x, b[b0 + j] as T);
      const up = next[j] as number;
      const left = row[j + 1] as number;
      let best = up;
      let d = UP;
      if (left > best) {
        best = left;
        d = LEFT;
      }
      if (s > 0) {
        const diag = (next[j + 1] as number) + s;
        if (diag >= best) {
          best = diag;
          d = DIAG;
        }
      }
      row[j] = best;
      dir[i * width + j] = d;
    }
    const t = next;
    next = row;
    row = t;
  }
  let i = 0;
  let j = 0;
  let gapA: AlignedPair[] = [];
  let gapB: AlignedPair[] = [];
  const flush = (): void => {
    // Within a gap, list what A lost before what B gained.
    out.push(...gapA, ...gapB);
    gapA = [];
    gapB = [];
  };
  while (i < n || j < m) {
    const d = dir[i * width + j];
    if (d === DIAG) {
      flush();
      out.push({ a: a0 + i, b: b0 + j });
      i++;
      j++;
    } else if (d === UP) {
      gapA.push({ a: a0 + i });
      i++;
    } else {
      gapB.push({ b: b0 + j });
      j++;
    }
  }
  flush();
}
