import { ApiError } from '../core/errors/api-error';
import { isJsonObject } from '../core/json/json-object';
import type { ChatCompletionRequest } from '../translation/client/chat-completions/chat-api.types';
import { checkChatRequestFields } from '../translation/client/chat-completions/chat-request-fields';

/**
 * Checks the fields the gateway itself relies on (model, messages, stream, and the types of the parameters it
 * translates); the converters check the rest of what they read, and fields nobody reads travel on untouched.
 */
export function readChatEnvelope(body: unknown): ChatCompletionRequest {
  if (!isJsonObject(body)) throw ApiError.badRequest('The request body must be a JSON object');
  if (typeof body.model !== 'string' || body.model.trim() === '') {
    throw ApiError.badRequest('`model` is required and must be a non-empty string', 'model');
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw ApiError.badRequest('`messages` must be a non-empty array', 'messages');
  }
  body.messages.forEach((message, index) => {
    if (!isJsonObject(message) || typeof message.role !== 'string') {
      throw ApiError.badRequest(`messages[${index}] must be an object with a string \`role\``, `messages[${index}].role`);
    }
  });
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    throw ApiError.badRequest('`stream` must be a boolean', 'stream');
  }
  checkChatRequestFields(body);
  return body as unknown as ChatCompletionRequest;
}
