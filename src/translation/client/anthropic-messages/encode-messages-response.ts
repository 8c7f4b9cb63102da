import type { ClientResponseContext } from '../../hub/hub-codec';
import type { HubResponse } from '../../hub/hub-stream';
import { gatewaySignature } from './gateway-signature';
import { toMessagesStopReason, toMessagesUsage, toolInputObject } from './map-messages-usage';

/**
 * A whole hub answer → an Anthropic `message`. Empty texts are left out (Anthropic never sends one, and a client that
 * stores it has it rejected when replayed); reasoning becomes gateway-signed thinking only when the client asked for
 * thinking, as Anthropic would.
 */
export function encodeMessagesResponse(response: HubResponse, context: ClientResponseContext): Record<string, unknown> {
  const thinking = context.request.reasoning?.enabled === true;
  const content: Record<string, unknown>[] = [];
  let calledTools = false;
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        if (part.text) content.push({ type: 'text', text: part.text });
        break;
      case 'reasoning':
        if (thinking) content.push({ type: 'thinking', thinking: part.text, signature: gatewaySignature(part.providerMetadata) });
        break;
      case 'tool-call':
        calledTools = true;
        content.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: toolInputObject(part.input) });
        break;
      case 'file':
        break;
      default: {
        const unknownPart: never = part;
        throw new Error(`unknown assistant part ${JSON.stringify(unknownPart)}`);
      }
    }
  }
  const stopReason = toMessagesStopReason(response.finishReason, calledTools);
  return {
    id: context.id,
    type: 'message',
    role: 'assistant',
    model: context.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (response.stopSequence ?? null) : null,
    usage: toMessagesUsage(response.usage),
  };
}
