import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubAssistantPart } from '../../hub/hub-prompt';
import type { HubResponse } from '../../hub/hub-stream';
import { UpstreamFormatError } from '../../translation-error';
import { unwrapFreeformInput } from '../shared/freeform-tools';
import type { ChatCompletion } from './chat-completions-api.types';
import { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason';
import { mapChatCompletionsUsage } from './map-chat-completions-usage';

/** chat.completion → hub response (first choice: the request never asks for more). */
export function fromChatCompletionsResponse(body: unknown, encoded: EncodedUpstreamRequest): HubResponse {
  const completion = body as Partial<ChatCompletion> | null;
  if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices)) {
    throw new UpstreamFormatError('Chat Completions response has no choices array');
  }
  const choice = completion.choices[0];
  const message = choice?.message ?? {};
  const content: HubAssistantPart[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  const text = `${message.content ?? ''}${message.refusal ?? ''}`;
  if (text) content.push({ type: 'text', text });
  (message.tool_calls ?? []).forEach((call, i) => {
    const toolName = encoded.toolNames.toClient(call.function?.name ?? '');
    const args = call.function?.arguments || '{}';
    const input = encoded.freeformAsFunction?.has(toolName) ? unwrapFreeformInput(args) : args;
    content.push({ type: 'tool-call', toolCallId: call.id || `call_${completion.id ?? 'chat'}_${i}`, toolName, input });
  });
  const hasToolCalls = content.some((part) => part.type === 'tool-call');
  const hub: HubResponse = {
    content,
    finishReason: mapChatCompletionsFinishReason(choice?.finish_reason, hasToolCalls),
    usage: mapChatCompletionsUsage(completion.usage),
  };
  if (completion.id) hub.id = completion.id;
  if (completion.model) hub.modelId = completion.model;
  return hub;
}
