import { describe, expect, it } from 'vitest';
import { OtlpShapeError, anyValue, decodeTraceRequest } from '../../replay/index.js';

const origin = { file: 'f.jsonl', line: 3 };

function request(spans: unknown[], resource: unknown[] = []): unknown {
  return {
    resourceSpans: [
      { resource: { attributes: resource }, scopeSpans: [{ scope: { name: 'lib' }, spans }] },
    ],
  };
}

const base = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  name: 'execute_tool search',
  kind: 1,
  startTimeUnixNano: '1767225600000000001',
  endTimeUnixNano: '1767225600002500000',
};

describe('decodeTraceRequest', () => {
  it('decodes the OTel JS serializer shape: hex ids, string nanoseconds, typed values', () => {
    const [span] =
      decodeTraceRequest(
        request(
          [
            {
              ...base,
              parentSpanId: '00f067aa0ba902b7',
              attributes: [
                { key: 's', value: { stringValue: 'x' } },
                { key: 'i', value: { intValue: 42 } },
                { key: 'd', value: { doubleValue: 0.5 } },
                { key: 'b', value: { boolValue: true } },
                {
                  key: 'a',
                  value: { arrayValue: { values: [{ stringValue: 'p' }, { intValue: 2 }] } },
                },
              ],
              events: [
                { name: 'agc.anomaly', timeUnixNano: '1767225600001000000', attributes: [] },
              ],
              status: { code: 2, message: 'boom' },
            },
          ],
          [
            { key: 'service.name', value: { stringValue: 'svc' } },
            { key: 'agc.recording.chain', value: { stringValue: 'v1:...' } },
          ],
        ),
        origin,
      ) ?? [];
    expect(span).toMatchObject({
      traceId: base.traceId,
      spanId: base.spanId,
      parentSpanId: '00f067aa0ba902b7',
      name: 'execute_tool search',
      kind: 1,
      service: 'svc',
      scope: 'lib',
      status: { code: 2, message: 'boom' },
      origin,
    });
    expect({ ...span?.attributes }).toEqual({ s: 'x', i: 42, d: 0.5, b: true, a: ['p', 2] });
    expect(span?.events).toEqual([{ name: 'agc.anomaly', timeMs: 1767225600001, attributes: {} }]);
  });

  it('keeps nanosecond durations exact although epoch nanoseconds exceed 2^53', () => {
    const [span] = decodeTraceRequest(request([base]), origin) ?? [];
    // 2.5 ms minus 1 ns: a float subtraction of the two epoch values would lose the 1 ns.
    expect(span?.durationMs).toBe(2.499999);
    expect(span?.startMs).toBe(1767225600000 + 1e-6);
    expect(span?.endMs).toBe(1767225600002.5);
  });

  it('reads the Collector file exporter spelling: intValue strings, enum names, base64 ids', () => {
    const traceB64 = Buffer.from(base.traceId, 'hex').toString('base64');
    const spanB64 = Buffer.from(base.spanId, 'hex').toString('base64');
    const [span] =
      decodeTraceRequest(
        request([
          {
            ...base,
            traceId: traceB64,
            spanId: spanB64,
            parentSpanId: '',
            attributes: [
              { key: 'tokens', value: { intValue: '1200' } },
              {
                key: 'kv',
                value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } },
              },
              { key: 'bytes', value: { bytesValue: 'AAE=' } },
              { key: 'empty', value: {} },
            ],
            status: { code: 'STATUS_CODE_ERROR' },
          },
        ]),
        origin,
      ) ?? [];
    expect(span?.traceId).toBe(base.traceId);
    expect(span?.spanId).toBe(base.spanId);
    expect(span?.parentSpanId).toBeUndefined();
    expect(span?.status).toEqual({ code: 2 });
    expect({ ...span?.attributes }).toEqual({
      tokens: 1200,
      kv: { k: 'v' },
      bytes: 'AAE=',
      empty: null,
    });
  });

  it('returns undefined for metrics and logs lines (ignored, not malformed)', () => {
    expect(decodeTraceRequest({ resourceMetrics: [] }, origin)).toBeUndefined();
    expect(decodeTraceRequest({ resourceLogs: [] }, origin)).toBeUndefined();
  });

  it.each([
    [[], 'not a JSON object'],
    [{ foo: 1 }, 'not an OTLP/JSON trace request (no resourceSpans)'],
    [{ resourceSpans: {} }, 'resourceSpans is not an array'],
    [
      request([{ ...base, traceId: 'xyz' }]),
      'resourceSpans[0].scopeSpans[0].spans[0]: traceId is missing or not an id',
    ],
    [
      request([{ ...base, spanId: undefined }]),
      'resourceSpans[0].scopeSpans[0].spans[0]: spanId is missing or not an id',
    ],
    [
      request([{ ...base, startTimeUnixNano: '12a' }]),
      'resourceSpans[0].scopeSpans[0].spans[0]: startTimeUnixNano is not a time',
    ],
    [
      request([{ ...base, endTimeUnixNano: null }]),
      'resourceSpans[0].scopeSpans[0].spans[0]: endTimeUnixNano is not a time',
    ],
    [request([7]), 'resourceSpans[0].scopeSpans[0].spans[0] is not an object'],
  ])('names what is wrong with %j', (value, message) => {
    expect(() => decodeTraceRequest(value, origin)).toThrow(new OtlpShapeError(message));
  });

  it('keeps a __proto__ attribute as data, never as a prototype', () => {
    const [span] =
      decodeTraceRequest(
        request([{ ...base, attributes: [{ key: '__proto__', value: { stringValue: 'x' } }] }]),
        origin,
      ) ?? [];
    expect(Object.getPrototypeOf(span?.attributes)).toBe(Object.prototype);
    expect(Object.keys(span?.attributes ?? {})).toEqual(['__proto__']);
    expect(span?.attributes.__proto__).toBe('x');
  });

  it('decodes AnyValue scalars and nesting', () => {
    expect(
      anyValue({ arrayValue: { values: [{ arrayValue: { values: [{ boolValue: false }] } }] } }),
    ).toEqual([[false]]);
    expect(anyValue({ doubleValue: '1.5' })).toBe(1.5);
    expect(anyValue(undefined)).toBeNull();
  });
});
