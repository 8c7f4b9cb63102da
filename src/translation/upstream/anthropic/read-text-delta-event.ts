import type { AnthropicStreamEvent } from './anthropic-api.types';

// A text delta exactly as the Messages API writes it (its key order, no whitespace). The text is a JSON string literal:
// unescaped characters other than quote, backslash and control characters, or a backslash and the character it
// escapes; the alternatives cannot overlap, so matching is linear.
const TEXT_DELTA =
  /^\{"type":"content_block_delta","index":(0|[1-9]\d{0,8}),"delta":\{"type":"text_delta","text":("(?:[^"\\\u0000-\u001f]|\\.)*")\}\}$/;

/**
 * The `content_block_delta` text event, read without parsing the whole event: nearly every event of an Anthropic answer
 * is one, and recognising its fixed shape and parsing only the text literal costs a third of `JSON.parse` on the whole
 * data. Undefined for anything else, an unusual spelling of the same event included (the caller parses those in full),
 * so the result is always what `JSON.parse(data)` gives.
 */
export function readTextDeltaEvent(data: string): AnthropicStreamEvent | undefined {
  const match = TEXT_DELTA.exec(data);
  if (!match) return undefined;
  let text: unknown;
  try {
    text = JSON.parse(match[2]);
  } catch {
    // An escape JSON does not know (`\x`): the full parse decides what the event is worth.
    return undefined;
  }
  return { type: 'content_block_delta', index: Number(match[1]), delta: { type: 'text_delta', text: text as string } };
}
