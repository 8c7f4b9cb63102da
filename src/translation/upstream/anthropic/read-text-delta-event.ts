import type { AnthropicStreamEvent } from './anthropic-api.types';

// A text delta exactly as the Messages API writes it (its key order, no whitespace), around the block index and the
// text's JSON string literal.
const HEAD = '{"type":"content_block_delta","index":';
const MIDDLE = ',"delta":{"type":"text_delta","text":';
const TAIL = '}}';
const INDEX = /^(?:0|[1-9]\d{0,8})$/;
// A literal without escapes: no quote, backslash or control character inside.
const PLAIN_LITERAL = /^"[^"\\\u0000-\u001f]*"$/;

/**
 * The `content_block_delta` text event, read without parsing the whole event: nearly every event of an Anthropic answer
 * is one, and checking its fixed frame and taking the text literal costs a fraction of `JSON.parse` on the whole data.
 * Undefined for anything else, an unusual spelling of the same event included (the caller parses those in full), so
 * the result is always what `JSON.parse(data)` gives.
 */
export function readTextDeltaEvent(data: string): AnthropicStreamEvent | undefined {
  if (!data.startsWith(HEAD) || !data.endsWith(TAIL)) return undefined;
  const middle = data.indexOf(MIDDLE, HEAD.length);
  if (middle === -1) return undefined;
  const index = data.slice(HEAD.length, middle);
  if (!INDEX.test(index)) return undefined;
  const literal = data.slice(middle + MIDDLE.length, data.length - TAIL.length);
  const text = PLAIN_LITERAL.test(literal) ? literal.slice(1, -1) : parseStringLiteral(literal);
  if (text === undefined) return undefined;
  return { type: 'content_block_delta', index: Number(index), delta: { type: 'text_delta', text } };
}

/** A literal with escapes, read by JSON.parse, which also refuses anything that is not exactly one JSON string. */
function parseStringLiteral(literal: string): string | undefined {
  if (literal[0] !== '"') return undefined;
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
