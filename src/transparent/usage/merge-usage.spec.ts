import { extractAnthropicUsage } from '../../translation/upstream/anthropic/extract-anthropic-usage';
import { mergeUsage } from './merge-usage';

describe(mergeUsage.name, () => {
  it('merges a stream event by event, later counts winning', () => {
    const usage = {};
    mergeUsage(usage, extractAnthropicUsage({ type: 'message_start', message: { usage: { input_tokens: 3, output_tokens: 1 } } }));
    mergeUsage(usage, extractAnthropicUsage({ type: 'ping' }));
    mergeUsage(usage, extractAnthropicUsage({ type: 'message_delta', usage: { output_tokens: 9 } }));
    expect(usage).toEqual({ inputTokens: 3, outputTokens: 9 });
  });
});
