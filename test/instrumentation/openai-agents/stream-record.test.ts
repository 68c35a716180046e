import { describe, expect, it } from 'vitest';
import { recordable } from '../../../instrumentation/openai-agents/model-response-codec.js';
import { redactedJson } from '../../../common/index.js';

describe('OpenAI Agents streamed response as recorded', () => {
  it('joins text deltas and leaves raw provider events out, so a split secret is redacted', () => {
    const events = [
      { type: 'response_started' },
      { type: 'output_text_delta', delta: 'mail bob@exam' },
      { type: 'model', event: { type: 'response.output_text.delta', delta: 'ple.com' } },
      { type: 'output_text_delta', delta: 'ple.com now' },
      { type: 'response_done', response: { id: 'r1', output: [] } },
    ];
    const recorded = recordable(events);
    expect(recorded).toEqual([
      { type: 'response_started' },
      { type: 'output_text_delta', delta: 'mail bob@example.com now' },
      { type: 'response_done', response: { id: 'r1', output: [] } },
    ]);
    expect(redactedJson(recorded)).not.toContain('bob@exam');
  });
});
