import type { ChatCompletion, ChatCompletionMessage, ChatToolCall } from '../chat-completions.types';
import type { ChatResponseContext } from '../provider-strategy';
import { UpstreamFormatError } from '../translation-error';
import type { GoogleGenerateResponse } from './google-api.types';
import { googleToolCallId } from './google-tool-call-id';
import { mapGoogleFinishReason } from './map-google-finish-reason';
import { mapGoogleUsage } from './map-google-usage';

/** GenerateContentResponse -> chat.completion (first candidate; the request never asks for more). */
export function fromGoogleResponse(body: unknown, ctx: ChatResponseContext): ChatCompletion {
  const response = body as GoogleGenerateResponse | null;
  if (typeof response !== 'object' || response === null || (!response.candidates && !response.promptFeedback)) {
    throw new UpstreamFormatError('Google response has no candidates');
  }
  const candidate = response.candidates?.[0];

  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    if ('functionCall' in part) {
      toolCalls.push({
        id: googleToolCallId(ctx.id, toolCalls.length, part.functionCall.id),
        type: 'function',
        function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
      });
    } else if ('text' in part && typeof part.text === 'string') {
      if (part.thought) reasoning += part.text;
      else text += part.text;
    }
  }

  const message: ChatCompletionMessage = { role: 'assistant', content: text || (toolCalls.length ? null : ''), refusal: null };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (reasoning) message.reasoning_content = reasoning;

  // A prompt blocked outright comes back with promptFeedback and no candidate at all.
  const finishReason = candidate
    ? mapGoogleFinishReason(candidate.finishReason, toolCalls.length > 0)
    : response.promptFeedback?.blockReason
      ? 'content_filter'
      : 'stop';
  return {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: mapGoogleUsage(response.usageMetadata),
  };
}
