import { describe, expect, it } from 'vitest';
import { redact, redactedJson, redactText } from '../../processors/index.js';

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

  it('parses JSON strings before redacting, and truncates long content', () => {
    expect(JSON.parse(redactedJson('{"token":"t","q":"x"}'))).toEqual({
      token: '[REDACTED]',
      q: 'x',
    });
    expect(redactedJson('x'.repeat(100), 10)).toBe('x'.repeat(10) + '…[truncated 90 chars]');
  });
});
