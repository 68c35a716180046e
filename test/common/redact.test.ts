import { describe, expect, it } from 'vitest';
import { redact, redactedJson, redactText } from '../../common/index.js';

describe('redaction', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOi.abcdefghij.klmnopqrst', 'Authorization: [REDACTED]'],
    ['key=sk-proj-abcdefghijklmnop1234 ok', 'key=[REDACTED] ok'],
    ['aws AKIAABCDEFGHIJKLMNOP x', 'aws [REDACTED] x'],
    ['gh ghp_abcdefghijklmnopqrstuvwxyz0123456789 x', 'gh [REDACTED] x'],
    ['slack xoxb-1234567890-abcdef', 'slack [REDACTED]'],
    ['google AIzaSyA-abcdefghijklmnopqrstuvwxyz01234', 'google [REDACTED]'],
    ['mail alice.smith+x@corp.example.org now', 'mail [REDACTED] now'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', '[REDACTED]'],
    ['plain text stays', 'plain text stays'],
  ])('redactText(%j)', (input, want) => {
    expect(redactText(input)).toBe(want);
  });

  it('redacts fields named like secrets at any depth, keeps the rest', () => {
    expect(
      redact({
        user: 'bob',
        password: 'p',
        nested: [{ api_key: 'x', clientSecret: 'y', n: 1 }],
        Cookie: 'c',
        empty: '',
      }),
    ).toEqual({
      user: 'bob',
      password: '[REDACTED]',
      nested: [{ api_key: '[REDACTED]', clientSecret: '[REDACTED]', n: 1 }],
      Cookie: '[REDACTED]',
      empty: '',
    });
  });

  it('keeps token usage (counts under a token name), still redacts tokens held as text', () => {
    const usage = {
      input_tokens: 12,
      output_tokens: 5,
      input_token_details: { cache_read: 0 },
      tokenUsage: { promptTokens: 1, completionTokens: 2 },
    };
    expect(redact({ usage_metadata: usage })).toEqual({ usage_metadata: usage });
    expect(
      redact({ tokens: ['t1'], refresh_token: 'r', token_count: '7', max_tokens: 100 }),
    ).toEqual({
      tokens: '[REDACTED]',
      refresh_token: '[REDACTED]',
      token_count: '[REDACTED]',
      max_tokens: 100,
    });
    // Counts under a name that says which kind of secret token they are stay hidden.
    expect(redact({ auth_tokens: [123456], sessionTokens: 99, promptTokenCount: 3 })).toEqual({
      auth_tokens: '[REDACTED]',
      sessionTokens: '[REDACTED]',
      promptTokenCount: 3,
    });
  });

  it('redacts fields of JSON text nested inside recorded values (tool-call arguments of a model)', () => {
    const response = {
      output: [{ type: 'function_call', arguments: '{"password":"hunter2","q":"otel"}' }],
      body: JSON.stringify({ nested: JSON.stringify({ api_key: 'abc123', n: 1 }) }),
    };
    const recorded = redactedJson(response);
    expect(recorded).not.toContain('hunter2');
    expect(recorded).not.toContain('abc123');
    const back = JSON.parse(recorded) as typeof response;
    expect(JSON.parse(back.output[0]?.arguments ?? '')).toEqual({
      password: '[REDACTED]',
      q: 'otel',
    });
  });

  it('keeps the value type, redacts JSON held in strings by field name, and truncates', () => {
    expect(JSON.parse(redactedJson({ token: 't', q: 'x' }))).toEqual({
      token: '[REDACTED]',
      q: 'x',
    });
    const inString = JSON.parse(redactedJson('{"token":"t","q":"x"}')) as string;
    expect(JSON.parse(inString)).toEqual({ token: '[REDACTED]', q: 'x' });
    expect(JSON.parse(redactedJson('3 results for bob@example.com'))).toBe(
      '3 results for [REDACTED]',
    );
    expect(JSON.parse(redactedJson(42))).toBe(42);
    expect(redactedJson('x'.repeat(100), 10)).toBe('"' + 'x'.repeat(9) + '…[truncated 92 chars]');
  });
});
