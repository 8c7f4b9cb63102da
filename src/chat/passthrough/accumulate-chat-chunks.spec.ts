import type { ChatCompletionChunk, ChatStreamItem } from '../../translation/client/chat-completions/chat-api.types';
import { UpstreamStreamError } from './upstream-stream-error';
import { accumulateChatStream, ChatCompletionAccumulator } from './accumulate-chat-chunks';

const chunk = (choices: ChatCompletionChunk['choices'], extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk => ({
  id: 'chatcmpl-x',
  object: 'chat.completion.chunk',
  created: 5,
  model: 'm',
  choices,
  ...extra,
});

async function* items(...list: ChatStreamItem[]) {
  for (const item of list) yield item;
}

describe(ChatCompletionAccumulator.name, () => {
  it('folds content, reasoning, tool calls, finish reason and usage per choice', async () => {
    const completion = await accumulateChatStream(
      items(
        chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
        chunk([{ index: 0, delta: { reasoning_content: 'think' }, finish_reason: null }]),
        chunk([{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }, finish_reason: null }]),
        chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }, finish_reason: null }]),
        chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] }, finish_reason: null }]),
        chunk([{ index: 1, delta: { content: 'second' }, finish_reason: 'length' }]),
        chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
        chunk([], { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }),
      ),
    );
    expect(completion).toEqual({
      id: 'chatcmpl-x',
      object: 'chat.completion',
      created: 5,
      model: 'm',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            reasoning_content: 'think',
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
        { index: 1, message: { role: 'assistant', content: 'second', refusal: null }, finish_reason: 'length', logprobs: null },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    });
  });

  it('throws UpstreamStreamError (502) on an error item', async () => {
    const error = { error: { message: 'Overloaded', type: 'overloaded_error', code: null, param: null } };
    const promise = accumulateChatStream(items(chunk([{ index: 0, delta: { content: 'x' }, finish_reason: null }]), error));
    await expect(promise).rejects.toBeInstanceOf(UpstreamStreamError);
    await expect(promise).rejects.toMatchObject({ status: 502, message: 'Overloaded', streamError: error });
  });
});
