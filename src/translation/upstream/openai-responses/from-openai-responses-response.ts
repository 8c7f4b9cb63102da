import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubAssistantPart, HubProviderMetadata } from '../../hub/hub-prompt';
import type { HubResponse } from '../../hub/hub-stream';
import { UpstreamFormatError } from '../../translation-error';
import { mapOpenAiResponsesFinishReason } from './map-openai-responses-finish-reason';
import { mapOpenAiResponsesUsage } from './map-openai-responses-usage';
import type { ResponsesOutputItem, ResponsesResponse } from './openai-responses-api.types';

/** Separates a reasoning item's summary parts, in the stream decoder as here, so both give the same text. */
export const REASONING_PART_SEPARATOR = '\n\n';

/** Responses response → hub response; reasoning items keep their id and `encrypted_content` for the way back. */
export function fromOpenAiResponsesResponse(body: unknown, encoded: EncodedUpstreamRequest): HubResponse {
  const response = body as Partial<ResponsesResponse> | null;
  if (typeof response !== 'object' || response === null || !Array.isArray(response.output)) {
    throw new UpstreamFormatError('Responses response has no output array');
  }
  if (response.status === 'failed') {
    throw new UpstreamFormatError(`Upstream response failed: ${response.error?.message ?? 'no reason given'}`);
  }
  const content = response.output.flatMap((item) => outputParts(item, encoded));
  const hub: HubResponse = {
    content,
    finishReason: mapOpenAiResponsesFinishReason(
      { status: response.status ?? 'completed', incomplete_details: response.incomplete_details },
      content.some((part) => part.type === 'tool-call'),
    ),
    usage: mapOpenAiResponsesUsage(response.usage),
  };
  if (response.id) hub.id = response.id;
  if (response.model) hub.modelId = response.model;
  return hub;
}

function outputParts(item: ResponsesOutputItem, encoded: EncodedUpstreamRequest): HubAssistantPart[] {
  switch (item.type) {
    case 'message': {
      const text = messageText(item);
      return text ? [{ type: 'text', text }] : [];
    }
    case 'reasoning':
      return [{ type: 'reasoning', text: reasoningText(item), providerMetadata: reasoningMetadata(item) }];
    case 'function_call':
      return [toolCall(item.call_id, item.name, item.arguments || '{}', item.id, encoded)];
    case 'custom_tool_call':
      return [toolCall(item.call_id, item.name, item.input ?? '', item.id, encoded)];
    default:
      // Built-in tool calls (web search, …) ran upstream; no client of another API could use them.
      return [];
  }
}

/** A message's text; a refusal is text as far as other APIs can tell. */
export function messageText(item: ResponsesOutputItem & { type: 'message' }): string {
  return (item.content ?? []).map((part) => (part.type === 'output_text' ? part.text : part.refusal)).join('');
}

export function reasoningText(item: ResponsesOutputItem & { type: 'reasoning' }): string {
  return [...(item.summary ?? []), ...(item.content ?? [])].map((part) => part.text).filter(Boolean).join(REASONING_PART_SEPARATOR);
}

export function reasoningMetadata(item: ResponsesOutputItem & { type: 'reasoning' }): HubProviderMetadata {
  const openai: NonNullable<HubProviderMetadata['openai']> = {};
  if (item.id) openai.itemId = item.id;
  if (item.encrypted_content) openai.encryptedContent = item.encrypted_content;
  return { openai };
}

function toolCall(callId: string, upstreamName: string, input: string, itemId: string | undefined, encoded: EncodedUpstreamRequest): HubAssistantPart {
  const part: HubAssistantPart = { type: 'tool-call', toolCallId: callId, toolName: encoded.toolNames.toClient(upstreamName), input };
  if (itemId) part.providerMetadata = { openai: { itemId } };
  return part;
}
