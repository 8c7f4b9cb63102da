import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubAssistantPart } from '../../hub/hub-prompt';
import type { HubResponse } from '../../hub/hub-stream';
import { UpstreamFormatError } from '../../translation-error';
import { unwrapFreeformInput } from '../shared/freeform-tools';
import type { AnthropicMessageResponse } from './anthropic-api.types';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason';
import { mapAnthropicUsage } from './map-anthropic-usage';

/** Anthropic Messages response → hub response; signed and redacted thinking keep their Anthropic payloads. */
export function fromAnthropicResponse(body: unknown, encoded: EncodedUpstreamRequest): HubResponse {
  const response = body as Partial<AnthropicMessageResponse> | null;
  if (typeof response !== 'object' || response === null || !Array.isArray(response.content)) {
    throw new UpstreamFormatError('Anthropic response has no content array');
  }
  const content: HubAssistantPart[] = [];
  for (const block of response.content) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: block.text });
        break;
      case 'thinking':
        content.push({ type: 'reasoning', text: block.thinking, providerMetadata: { anthropic: { signature: block.signature } } });
        break;
      case 'redacted_thinking':
        content.push({ type: 'reasoning', text: '', providerMetadata: { anthropic: { redactedData: block.data } } });
        break;
      case 'tool_use': {
        const toolName = encoded.toolNames.toClient(block.name);
        const input = JSON.stringify(block.input ?? {});
        const freeform = encoded.freeformAsFunction?.has(toolName) ?? false;
        content.push({ type: 'tool-call', toolCallId: block.id, toolName, input: freeform ? unwrapFreeformInput(input) : input });
        break;
      }
      default:
        // Server-tool blocks and future types have nothing a client of another API could use.
        break;
    }
  }
  const hub: HubResponse = {
    content,
    finishReason: mapAnthropicFinishReason(response.stop_reason),
    usage: mapAnthropicUsage(response.usage),
  };
  if (response.id) hub.id = response.id;
  if (response.model) hub.modelId = response.model;
  if (response.stop_sequence) hub.stopSequence = response.stop_sequence;
  return hub;
}
