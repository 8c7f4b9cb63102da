import type { ClientResponseContext } from '../../hub/hub-codec';
import type { HubResponse } from '../../hub/hub-stream';
import { callItem, itemId, messageItem, reasoningItem, responseObject, statusOf, toResponsesUsage, type ResponsesItem } from './responses-items';

/**
 * A whole hub answer → a Responses `response` object: reasoning items, one assistant message per run of text, and a
 * function (or custom) tool call per call, in the order the model produced them.
 */
export function encodeResponsesResponse(response: HubResponse, context: ClientResponseContext): Record<string, unknown> {
  const output: ResponsesItem[] = [];
  let text = '';
  const flushText = (): void => {
    if (text) output.push(messageItem(itemId(context, 'msg', output.length), text, 'completed'));
    text = '';
  };
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'reasoning':
        flushText();
        output.push(reasoningItem(itemId(context, 'rs', output.length), part.text, part.providerMetadata, true));
        break;
      case 'tool-call':
        flushText();
        output.push(callItem(context, output.length, part, 'completed'));
        break;
      case 'file':
        break;
      default: {
        const unknownPart: never = part;
        throw new Error(`unknown assistant part ${JSON.stringify(unknownPart)}`);
      }
    }
  }
  flushText();
  return responseObject(context, { ...statusOf(response.finishReason), output, usage: toResponsesUsage(response.usage) });
}
