import { ApiError } from '../core/errors/api-error';
import { isJsonObject } from '../core/json/json-object';
import type { ChatCompletionRequest } from '../translation/client/chat-completions/chat-api.types';
import { checkChatRequestFields } from '../translation/client/chat-completions/chat-request-fields';
import { checkChatEnvelope } from '../translation/client/chat-completions/decode-chat-request';

/**
 * Checks the fields the gateway itself relies on (model, messages, stream, and the types of the parameters it
 * translates); the converters check the rest of what they read, and fields nobody reads travel on untouched.
 */
export function readChatEnvelope(body: unknown): ChatCompletionRequest {
  if (!isJsonObject(body)) throw ApiError.badRequest('The request body must be a JSON object');
  checkChatEnvelope(body);
  checkChatRequestFields(body);
  return body as unknown as ChatCompletionRequest;
}
