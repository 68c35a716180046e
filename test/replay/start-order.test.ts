import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StartOrderBuffer, orderByStart } from '../../replay/index.js';

type Item = { startMs: number; id: number };

async function* from(items: Item[]): AsyncGenerator<Item> {
  yield* items;
}

async function collect(items: Item[], window: number): Promise<{ out: Item[]; late: number }> {
  const buffer = new StartOrderBuffer<Item>({ window });
  const out: Item[] = [];
  for await (const item of orderByStart(from(items), buffer)) out.push(item);
  return { out, late: buffer.late };
}

describe('StartOrderBuffer', () => {
  it('restores start order within the window, keeping input order for ties', async () => {
    const items = [5, 1, 3, 3, 2].map((startMs, id) => ({ startMs, id }));
    const { out, late } = await collect(items, 10);
    expect(out.map((i) => i.id)).toEqual([1, 4, 2, 3, 0]);
    expect(late).toBe(0);
  });

  it('holds at most WINDOW items and counts what it could not reorder', () => {
    const buffer = new StartOrderBuffer<Item>({ window: 2 });
    expect(buffer.push({ startMs: 10, id: 0 })).toBeUndefined();
    expect(buffer.push({ startMs: 20, id: 1 })).toBeUndefined();
    expect(buffer.push({ startMs: 30, id: 2 })).toEqual({ startMs: 10, id: 0 });
    expect(buffer.push({ startMs: 5, id: 3 })).toEqual({ startMs: 5, id: 3 });
    expect(buffer.late).toBe(1);
    expect(buffer.drain().map((i) => i.id)).toEqual([1, 2]);
  });

  it('property: output is a permutation; sorted whenever the disorder fits the window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }),
        async (starts) => {
          const items = starts.map((startMs, id) => ({ startMs, id }));
          const { out, late } = await collect(items, items.length + 1);
          expect(out.map((i) => i.id).sort((a, b) => a - b)).toEqual(items.map((i) => i.id));
          expect(out.map((i) => i.startMs)).toEqual([...starts].sort((a, b) => a - b));
          expect(late).toBe(0);
        },
      ),
    );
  });
});
