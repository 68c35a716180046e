import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignSequences } from '../../replay/index.js';
import type { AlignedPair } from '../../replay/index.js';

const same = (x: string, y: string): number => (x === y ? 1 : 0);
/** Items are "tool(args)": same tool scores 1, same tool and args 3. */
const weighted = (x: string, y: string): number =>
  x.split('(')[0] !== y.split('(')[0] ? 0 : x === y ? 3 : 1;

function render(a: string[], b: string[], pairs: readonly AlignedPair[]): string[] {
  return pairs.map((p) =>
    p.a !== undefined && p.b !== undefined
      ? `${a[p.a]}=${b[p.b]}`
      : p.a !== undefined
        ? `-${a[p.a]}`
        : `+${b[p.b ?? -1]}`,
  );
}

/** Classic LCS length by the textbook recurrence (the reference). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      t[i]![j] =
        a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
    }
  }
  return t[a.length]![b.length]!;
}

/** Every index of both sides appears once, in order, and matched pairs are allowed. */
function assertValid(
  a: readonly string[],
  b: readonly string[],
  pairs: readonly AlignedPair[],
  score: (x: string, y: string) => number,
): void {
  const as = pairs.filter((p) => p.a !== undefined).map((p) => p.a);
  const bs = pairs.filter((p) => p.b !== undefined).map((p) => p.b);
  expect(as).toEqual(a.map((_, i) => i));
  expect(bs).toEqual(b.map((_, i) => i));
  for (const p of pairs)
    if (p.a !== undefined && p.b !== undefined) expect(score(a[p.a]!, b[p.b]!)).toBeGreaterThan(0);
}

describe('alignSequences', () => {
  it.each([
    ['identical', ['a', 'b', 'c'], ['a', 'b', 'c'], ['a=a', 'b=b', 'c=c']],
    ['an inserted retry', ['a', 'b', 'c'], ['a', 'b', 'b', 'c'], ['a=a', 'b=b', '+b', 'c=c']],
    ['a dropped call', ['a', 'b', 'c'], ['a', 'c'], ['a=a', '-b', 'c=c']],
    ['a swap', ['a', 'b', 'c'], ['a', 'c', 'b'], ['a=a', '-b', 'c=c', '+b']],
    ['nothing in common', ['a', 'b'], ['c'], ['-a', '-b', '+c']],
    ['empty sides', [], ['x'], ['+x']],
  ])('%s', (_name, a, b, expected) => {
    expect(render(a, b, alignSequences(a, b, same).pairs)).toEqual(expected);
  });

  it('lines repeated calls up with the ones that have the same arguments', () => {
    const a = ['search(x)', 'search(y)', 'read(f)'];
    const b = ['search(y)', 'read(f)'];
    expect(render(a, b, alignSequences(a, b, weighted, { exact: 3 }).pairs)).toEqual([
      '-search(x)',
      'search(y)=search(y)',
      'read(f)=read(f)',
    ]);
  });

  it('pairs a changed call with its counterpart when the tool is the same', () => {
    const a = ['search(x)', 'read(f)'];
    const b = ['search(z)', 'read(f)'];
    expect(render(a, b, alignSequences(a, b, weighted, { exact: 3 }).pairs)).toEqual([
      'search(x)=search(z)',
      'read(f)=read(f)',
    ]);
  });

  it('property: a valid alignment whose matches are as many as the textbook LCS', () => {
    const seq = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 });
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const { pairs, approximate } = alignSequences(a, b, same, { exact: 1 });
        assertValid(a, b, pairs, same);
        expect(approximate).toBe(false);
        expect(pairs.filter((p) => p.a !== undefined && p.b !== undefined)).toHaveLength(
          lcsLength(a, b),
        );
      }),
    );
  });

  it('property: windowed alignment of long inputs stays valid and finds a small shift', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 50, maxLength: 200 }),
        fc.integer({ min: 0, max: 5 }),
        (base, shift) => {
          const a = base;
          const b = [...Array.from({ length: shift }, () => 'z'), ...base];
          const { pairs, approximate } = alignSequences(a, b, same, { maxCells: 400 });
          expect(approximate).toBe(true);
          assertValid(a, b, pairs, same);
          // A shift well inside half a window (~9 items) is still found: every item of A matches.
          expect(pairs.filter((p) => p.a !== undefined && p.b !== undefined)).toHaveLength(
            a.length,
          );
        },
      ),
    );
  });
});
