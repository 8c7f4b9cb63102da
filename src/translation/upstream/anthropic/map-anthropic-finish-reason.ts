import type { HubFinishReason } from '../../hub/hub-stream';
import type { AnthropicStopReason } from './anthropic-api.types';

export function mapAnthropicFinishReason(reason: AnthropicStopReason | null | undefined): HubFinishReason {
  if (reason === null || reason === undefined) return 'other';
  switch (reason) {
    case 'end_turn':
    // A paused server-tool turn is over as far as the client can tell.
    case 'pause_turn':
      return 'stop';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default: {
      // Stop reasons added after this was written end the answer as something other than the known ones.
      const _unknown: never = reason;
      return 'other';
    }
  }
}
