import { checkFieldTypes, type FieldTable } from '../field-types';

/** The Chat Completions fields the gateway reads, with the types OpenAI's API accepts for them. */
const CHAT_REQUEST_FIELDS: FieldTable = {
  max_tokens: ['integer'],
  max_completion_tokens: ['integer'],
  temperature: ['number'],
  top_p: ['number'],
  // Not OpenAI's, but clients written for Anthropic or Gemini send it and the gateway passes it on.
  top_k: ['integer'],
  n: ['integer'],
  stop: ['string', 'string-array'],
  tools: ['array'],
  tool_choice: ['string', 'object'],
  parallel_tool_calls: ['boolean'],
  reasoning_effort: ['string'],
  response_format: ['object'],
  stream_options: ['object'],
  user: ['string'],
};

const STREAM_OPTIONS_FIELDS: FieldTable = { include_usage: ['boolean'] };
const RESPONSE_FORMAT_FIELDS: FieldTable = { type: ['string'] };

/**
 * A 400 naming the field for every field the gateway reads that has the wrong JSON type (`max_tokens: "x"`,
 * `tools: 5`), instead of dropping it and answering as if it had not been sent. Fields the gateway does not read are
 * the upstream's business.
 */
export function checkChatRequestFields(body: Readonly<Record<string, unknown>>): void {
  checkFieldTypes(body, CHAT_REQUEST_FIELDS);
  if (body.stream_options) checkFieldTypes(body.stream_options as Record<string, unknown>, STREAM_OPTIONS_FIELDS, 'stream_options.');
  if (body.response_format) {
    checkFieldTypes(body.response_format as Record<string, unknown>, RESPONSE_FORMAT_FIELDS, 'response_format.');
  }
}
