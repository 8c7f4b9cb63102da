import { ApiError } from '../core/errors/api-error';
import { isJsonObject, type JsonObject } from '../core/json/json-object';

/** The few body fields the gateway reads; everything else travels to the upstream untouched. */
export interface RequestEnvelope {
  body: JsonObject;
  model: string;
  stream: boolean;
}

export function readEnvelope(body: unknown): RequestEnvelope {
  if (!isJsonObject(body)) throw ApiError.badRequest('The request body must be a JSON object');
  if (typeof body.model !== 'string' || body.model.trim() === '') {
    throw ApiError.badRequest('`model` is required and must be a non-empty string', 'model');
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    throw ApiError.badRequest('`stream` must be a boolean', 'stream');
  }
  return { body, model: body.model, stream: body.stream === true };
}
