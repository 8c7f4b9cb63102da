import type { ChatStreamItem } from '../../translation/client/chat-completions/chat-api.types';

/** The line that ends a clean chat stream; never written after an error item. */
export const CHAT_STREAM_DONE = 'data: [DONE]\n\n';

/** A chunk or the terminal error item as one SSE event (OpenAI sends neither `event:` nor `id:` lines). */
export function encodeChatStreamItem(item: ChatStreamItem): string {
  return `data: ${JSON.stringify(item)}\n\n`;
}
