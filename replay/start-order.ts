/** Options of {@link StartOrderBuffer}. */
export interface StartOrderOptions {
  /**
   * Items held for reordering. Recordings are written in end order; a call that ran longer than
   * the next WINDOW calls took to start and end comes out late (counted in `late`).
   * @default 10_000
   */
  readonly window?: number;
}

interface Entry<T> {
  readonly item: T;
  readonly key: number;
  readonly seq: number;
}

/**
 * Restores start-time order to items read in end order, with a bounded min-heap: memory is
 * WINDOW items whatever the input size. Ties keep input order.
 */
export class StartOrderBuffer<T extends { readonly startMs: number }> {
  private readonly _heap: Entry<T>[] = [];
  private readonly _window: number;
  private _seq = 0;
  private _lastOut = -Infinity;
  private _late = 0;

  constructor(options: StartOrderOptions = {}) {
    this._window = Math.max(1, options.window ?? 10_000);
  }

  /** Items that came out after a later-starting one (the window was too small for them). */
  get late(): number {
    return this._late;
  }

  /** Adds ITEM; returns the item now due, if the window is full. */
  push(item: T): T | undefined {
    this._insert({ item, key: item.startMs, seq: this._seq++ });
    return this._heap.length > this._window ? this._pop() : undefined;
  }

  /** Removes and returns every held item, in start order. */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this._pop(); item !== undefined; item = this._pop()) out.push(item);
    return out;
  }

  private _pop(): T | undefined {
    const heap = this._heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Entry<T>;
    if (heap.length > 0) {
      heap[0] = last;
      this._down(0);
    }
    if (top.key < this._lastOut) this._late++;
    else this._lastOut = top.key;
    return top.item;
  }

  private _insert(entry: Entry<T>): void {
    const heap = this._heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Entry<T>;
      if (!less(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  private _down(start: number): void {
    const heap = this._heap;
    const entry = heap[start] as Entry<T>;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      let c = l;
      if (r < heap.length && less(heap[r] as Entry<T>, heap[l] as Entry<T>)) c = r;
      const child = heap[c] as Entry<T>;
      if (!less(child, entry)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = entry;
  }
}

function less<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.key < b.key || (a.key === b.key && a.seq < b.seq);
}

/** SOURCE in start order, through a {@link StartOrderBuffer}. */
export async function* orderByStart<T extends { readonly startMs: number }>(
  source: AsyncIterable<T>,
  buffer: StartOrderBuffer<T> = new StartOrderBuffer<T>(),
): AsyncGenerator<T> {
  for await (const item of source) {
    const due = buffer.push(item);
    if (due !== undefined) yield due;
  }
  yield* buffer.drain();
}
