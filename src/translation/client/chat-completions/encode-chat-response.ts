import type { ClientResponseContext } from '../../hub/hub-codec';
import type { HubResponse } from '../../hub/hub-stream';
import type { ChatCompletion, ChatCompletionMessage, ChatToolCall } from './chat-api.types';
import { toChatFinishReason, toChatUsage } from './map-chat-usage';

/** A whole hub answer → one `chat.completion`: texts joined, reasoning as `reasoning_content`, calls as `tool_calls`. */
export function encodeChatResponse(response: HubResponse, context: ClientResponseContext): ChatCompletion {
  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'reasoning':
        reasoning += part.text;
        break;
      case 'tool-call':
        toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } });
        break;
      case 'file':
        // Generated files (images) have no place in a chat message.
        break;
      default: {
        const unknownPart: never = part;
        throw new Error(`unknown assistant part ${JSON.stringify(unknownPart)}`);
      }
    }
  }
  const message: ChatCompletionMessage = { role: 'assistant', content: text || (toolCalls.length ? null : ''), refusal: null };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (reasoning) message.reasoning_content = reasoning;
  return {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: [{ index: 0, message, finish_reason: toChatFinishReason(response.finishReason), logprobs: null }],
    usage: toChatUsage(response.usage),
  };
}
