import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../common/index.js';
import { diffJson } from '../../replay/index.js';

describe('diffJson', () => {
  it.each([
    [{ a: 1 }, { a: 1 }, []],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, []],
    [{ a: 1 }, { a: 2 }, [{ path: '$.a', a: 1, b: 2 }]],
    [{ a: 1 }, {}, [{ path: '$.a', a: 1 }]],
    [{}, { 'x-y': true }, [{ path: '$["x-y"]', b: true }]],
    [
      { l: [1, 2] },
      { l: [1, 3, 4] },
      [
        { path: '$.l[1]', a: 2, b: 3 },
        { path: '$.l[2]', b: 4 },
      ],
    ],
    [{ n: { deep: 'x' } }, { n: { deep: 'y' } }, [{ path: '$.n.deep', a: 'x', b: 'y' }]],
    [{ n: [1] }, { n: { 0: 1 } }, [{ path: '$.n', a: [1], b: { 0: 1 } }]],
    ['text', 'other', [{ path: '$', a: 'text', b: 'other' }]],
  ])('%j vs %j', (a, b, expected) => {
    expect(diffJson(a, b)).toEqual(expected);
  });

  it('stops at MAX differences', () => {
    const a = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expect(diffJson(a, {}, 5)).toHaveLength(5);
  });

  it('canonical JSON ignores key order at every depth', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});
