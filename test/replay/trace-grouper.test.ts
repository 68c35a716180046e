import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceGrouper, groupTraces } from '../../replay/index.js';
import type { RecordedTrace, SpanBatch } from '../../replay/index.js';
import { span } from './support/recorded.js';

const ids = (traces: RecordedTrace[]): string[] =>
  traces.map(
    (t) => `${t.traceId}:${t.spans.map((s) => s.spanId).join(',')}:${t.complete ? 'c' : 'i'}`,
  );

describe('TraceGrouper', () => {
  it('holds a trace spread over lines until its root and settleLines more lines have passed', () => {
    const g = new TraceGrouper({ settleLines: 2 });
    expect(g.add([span('A', 'a1', 'a0'), span('B', 'b1', 'b0')])).toEqual([]);
    expect(g.add([span('A', 'a2', 'a0')])).toEqual([]);
    expect(g.add([span('A', 'a0', undefined)])).toEqual([]); // root read at line 3
    expect(g.add([span('B', 'b2', 'b0')])).toEqual([]);
    expect(ids(g.add([span('C', 'c0', undefined)]))).toEqual(['A:a1,a2,a0:c']); // line 5 = 3 + 2
    expect(g.buffered).toBe(3);
    expect(ids(g.end())).toEqual(['B:b1,b2:i', 'C:c0:c']);
    expect(g.buffered).toBe(0);
  });

  it('a late child of an emitted trace starts a new group with the same id', () => {
    const g = new TraceGrouper({ settleLines: 1 });
    g.add([span('A', 'a0', undefined)]);
    expect(ids(g.add([]))).toEqual(['A:a0:c']);
    g.add([span('A', 'a9', 'a0')]);
    expect(ids(g.end())).toEqual(['A:a9:i']);
  });

  it('emits a trace without a root after idleLines without news', () => {
    const g = new TraceGrouper({ idleLines: 3 });
    g.add([span('A', 'a1', 'x')]);
    g.add([]);
    expect(g.add([])).toEqual([]);
    expect(ids(g.add([]))).toEqual(['A:a1:i']);
  });

  it('bounds memory: past maxBufferedSpans the least recently extended trace goes out incomplete', () => {
    const g = new TraceGrouper({ maxBufferedSpans: 3, idleLines: 1000 });
    g.add([span('A', 'a1', 'x'), span('B', 'b1', 'x')]);
    g.add([span('A', 'a2', 'x')]);
    expect(ids(g.add([span('C', 'c1', 'x')]))).toEqual(['B:b1:i']);
    expect(g.buffered).toBe(3);
  });

  it('property: every span comes out exactly once, grouped by trace, and the buffer stays bounded', () => {
    const spanArb = fc.record({
      trace: fc.constantFrom('T1', 'T2', 'T3', 'T4'),
      root: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(spanArb, { maxLength: 4 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (lines, max) => {
          const g = new TraceGrouper({ settleLines: 2, idleLines: 5, maxBufferedSpans: max });
          const out: RecordedTrace[] = [];
          let n = 0;
          for (const line of lines) {
            const batch = line.map((s) => span(s.trace, `s${n++}`, s.root ? undefined : 'p'));
            out.push(...g.add(batch));
            expect(g.buffered).toBeLessThanOrEqual(max);
          }
          out.push(...g.end());
          const seen = out.flatMap((t) => t.spans.map((s) => s.spanId)).sort();
          expect(seen).toEqual(Array.from({ length: n }, (_, i) => `s${i}`).sort());
          for (const t of out) expect(t.spans.every((s) => s.traceId === t.traceId)).toBe(true);
        },
      ),
    );
  });
});

describe('groupTraces', () => {
  it('streams batches into traces, then flushes the rest at the end', async () => {
    async function* batches(): AsyncGenerator<SpanBatch> {
      yield {
        origin: { file: 'f', line: 1 },
        spans: [span('A', 'a1', 'a0'), span('A', 'a0', undefined)],
      };
      yield { origin: { file: 'f', line: 2 }, spans: [span('B', 'b0', undefined)] };
    }
    const out: RecordedTrace[] = [];
    for await (const t of groupTraces(batches(), { settleLines: 1 })) out.push(t);
    expect(ids(out)).toEqual(['A:a1,a0:c', 'B:b0:c']);
  });
});
