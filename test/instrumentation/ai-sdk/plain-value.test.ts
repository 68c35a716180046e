import { describe, expect, it } from 'vitest';
import { fromPlain, toPlain } from '../../../instrumentation/ai-sdk/plain-value.js';
import { redactedJson, replayKey } from '../../../processors/index.js';

// The plain form of AI SDK model responses and requests: what JSON and the recorder's redaction
// would lose (dates, bytes, URLs, errors, token counts) comes back as it was.

const response = {
  content: [
    { type: 'text', text: 'hi' },
    { type: 'file', mediaType: 'image/png', data: new Uint8Array([0, 1, 2, 255]) },
  ],
  usage: {
    inputTokens: { total: 3, noCache: 3, cacheRead: undefined },
    outputTokens: { total: 1, text: 1, reasoning: undefined },
  },
  response: { id: 'r1', timestamp: new Date(Date.UTC(2026, 0, 1)), modelId: 'm' },
  source: new URL('https://example.org/a?b=1'),
  warnings: [],
};

describe('toPlain / fromPlain', () => {
  it('round-trips through redacted JSON: dates, bytes, URLs and token counts survive', () => {
    const recorded = JSON.parse(redactedJson(toPlain(response), 65536)) as unknown;
    const back = fromPlain(recorded) as typeof response;
    expect(back.response.timestamp).toBeInstanceOf(Date);
    expect(back.response.timestamp.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(back.content[1]?.data).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(back.source).toEqual(new URL('https://example.org/a?b=1'));
    // undefined fields are dropped, as JSON would.
    expect(back.usage).toEqual({
      inputTokens: { total: 3, noCache: 3 },
      outputTokens: { total: 1, text: 1 },
    });
  });

  it('rebuilds errors as Error with their name and message', () => {
    const error = new TypeError('bad chunk');
    const back = fromPlain(JSON.parse(JSON.stringify(toPlain({ type: 'error', error })))) as {
      error: Error;
    };
    expect(back.error).toBeInstanceOf(Error);
    expect(back.error).toMatchObject({ name: 'TypeError', message: 'bad chunk' });
  });

  it('still redacts secrets: a "token" field holding a string is no count', () => {
    const recorded = redactedJson(toPlain({ accessToken: 'abc', tokens: 5 }), 1000);
    expect(recorded).toContain('[REDACTED]');
    expect(recorded).not.toContain('abc');
    expect(fromPlain(JSON.parse(recorded))).toEqual({ accessToken: '[REDACTED]', tokens: 5 });
  });

  it('gives a stable replay key for a request and its recorded form', () => {
    const request = { prompt: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] };
    const plain = toPlain(request);
    expect(replayKey(JSON.parse(JSON.stringify(plain)))).toBe(replayKey(plain));
  });
});
