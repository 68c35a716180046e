import { describe, expect, it } from 'vitest';
import { joinDeltas } from '../../../instrumentation/ai-sdk/model-codec.js';
import { fromPlain, toPlain } from '../../../instrumentation/ai-sdk/plain-value.js';
import { redactedJson } from '../../../common/index.js';
import { replayKey } from '../../../recording/index.js';

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

describe('streamed parts as recorded', () => {
  it('joins the deltas of a block, so a secret split across chunks is still redacted', () => {
    const parts = [
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: 'mail bob@exam' },
      { type: 'text-delta', id: 't1', delta: 'ple.com now' },
      { type: 'text-end', id: 't1' },
      { type: 'tool-input-delta', id: 'c1', delta: '{"pass' },
      { type: 'tool-input-delta', id: 'c1', delta: 'word":"hunter2"}' },
      { type: 'tool-input-delta', id: 'c2', delta: '{}' },
    ];
    const joined = joinDeltas(parts);
    expect(joined).toHaveLength(5);
    const recorded = redactedJson(joined);
    expect(recorded).not.toContain('bob@exam');
    expect(recorded).not.toContain('hunter2');
    expect(joined[1]).toEqual({ type: 'text-delta', id: 't1', delta: 'mail bob@example.com now' });
  });
});
