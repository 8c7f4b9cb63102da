import type { ChatCompletion, ChatCompletionMessage, ChatToolCall } from '../chat-completions.types';
import type { ChatResponseContext } from '../provider-strategy';
import { UpstreamFormatError } from '../translation-error';
import { mapResponsesFinishReason } from './map-responses-finish-reason';
import { mapResponsesUsage } from './map-responses-usage';
import type { ResponsesResponse } from './responses-api.types';

/** Separates reasoning summary parts, in the stream converter as here, so both give the same text. */
export const REASONING_PART_SEPARATOR = '\n\n';

/** Responses response -> chat.completion. */
export function fromResponsesResponse(body: unknown, ctx: ChatResponseContext): ChatCompletion {
  const response = body as Partial<ResponsesResponse> | null;
  if (typeof response !== 'object' || response === null || !Array.isArray(response.output)) {
    throw new UpstreamFormatError('Responses response has no output array');
  }
  if (response.status === 'failed') {
    throw new UpstreamFormatError(`Upstream response failed: ${response.error?.message ?? 'no reason given'}`);
  }

  let text = '';
  let refusal = '';
  const reasoning: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const item of response.output) {
    switch (item.type) {
      case 'message':
        for (const part of item.content ?? []) {
          if (part.type === 'output_text') text += part.text;
          else if (part.type === 'refusal') refusal += part.refusal;
        }
        break;
      case 'reasoning':
        for (const part of [...(item.summary ?? []), ...(item.content ?? [])]) if (part.text) reasoning.push(part.text);
        break;
      case 'function_call':
        toolCalls.push({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments ?? '' } });
        break;
      default:
        // Built-in tool calls (web search, …) have no chat equivalent.
        break;
    }
  }

  const message: ChatCompletionMessage = {
    role: 'assistant',
    content: text || (toolCalls.length || refusal ? null : ''),
    refusal: refusal || null,
  };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (reasoning.length) message.reasoning_content = reasoning.join(REASONING_PART_SEPARATOR);

  const finishReason = mapResponsesFinishReason(
    { status: response.status ?? 'completed', incomplete_details: response.incomplete_details },
    toolCalls.length > 0,
  );
  return {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: mapResponsesUsage(response.usage),
  };
}
