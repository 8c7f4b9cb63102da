import type { ChatFinishReason } from '../chat-completions.types';
import type { AnthropicStopReason } from './anthropic-api.types';

export function mapAnthropicStopReason(reason: AnthropicStopReason | null | undefined): ChatFinishReason {
  if (reason === null || reason === undefined) return 'stop';
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    // A paused server-tool turn is over as far as a chat client can tell.
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default: {
      // Stop reasons added after this was written end the answer normally.
      const _unknown: never = reason;
      return 'stop';
    }
  }
}
