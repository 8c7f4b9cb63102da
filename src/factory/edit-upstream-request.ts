import type { ModelConfig, UpstreamType } from '../config/app-config';
import { editAnthropicRequest, EditRequestOptions } from './edit-anthropic-request';
import { editChatRequest } from './edit-chat-request';
import { editGoogleRequest } from './edit-google-request';
import { editResponsesRequest } from './edit-responses-request';
import { JsonObject } from './json-object';

/** The Factory body edits for one upstream type; every route (transparent and translated) goes through here. */
export function editUpstreamRequest(
  type: UpstreamType,
  body: Readonly<JsonObject>,
  model: ModelConfig,
  systemPrompt: string,
  options: EditRequestOptions = {},
): JsonObject {
  switch (type) {
    case 'anthropic':
      return editAnthropicRequest(body, model, systemPrompt, options);
    case 'openai':
      return editResponsesRequest(body, model, systemPrompt);
    case 'common':
      return editChatRequest(body, model, systemPrompt);
    case 'google':
      return editGoogleRequest(body, model, systemPrompt);
    default: {
      const unreachable: never = type;
      throw new Error(`unknown upstream type ${String(unreachable)}`);
    }
  }
}
