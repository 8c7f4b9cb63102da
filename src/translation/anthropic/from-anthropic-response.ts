import type { ChatCompletion, ChatCompletionMessage, ChatToolCall } from '../chat-completions.types';
import type { ChatResponseContext } from '../provider-strategy';
import { UpstreamFormatError } from '../translation-error';
import type { AnthropicMessageResponse } from './anthropic-api.types';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';
import { mapAnthropicUsage } from './map-anthropic-usage';

/** Anthropic Messages response -> chat.completion. */
export function fromAnthropicResponse(body: unknown, ctx: ChatResponseContext): ChatCompletion {
  const response = body as Partial<AnthropicMessageResponse> | null;
  if (typeof response !== 'object' || response === null || !Array.isArray(response.content)) {
    throw new UpstreamFormatError('Anthropic response has no content array');
  }

  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  for (const block of response.content) {
    switch (block.type) {
      case 'text':
        text += block.text;
        break;
      case 'thinking':
        reasoning += block.thinking;
        break;
      case 'tool_use':
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'redacted_thinking':
        // Encrypted; nothing a client can show.
        break;
      default:
        // Server-tool blocks and future types have no chat equivalent.
        break;
    }
  }

  const message: ChatCompletionMessage = {
    role: 'assistant',
    content: text || (toolCalls.length ? null : ''),
    refusal: null,
  };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (reasoning) message.reasoning_content = reasoning;

  return {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message, finish_reason: mapAnthropicStopReason(response.stop_reason), logprobs: null }],
    usage: mapAnthropicUsage(response.usage),
  };
}
