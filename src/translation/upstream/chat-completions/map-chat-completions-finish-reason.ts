import type { HubFinishReason } from '../../hub/hub-stream';
import type { ChatFinishReason } from './chat-completions-api.types';

/** Some hosts answer `stop` after calling tools; a turn that called tools is `tool-calls` whatever the label. */
export function mapChatCompletionsFinishReason(reason: ChatFinishReason | null | undefined, hasToolCalls: boolean): HubFinishReason {
  if (reason === null || reason === undefined) return hasToolCalls ? 'tool-calls' : 'other';
  switch (reason) {
    case 'stop':
    case 'tool_calls':
    case 'function_call':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    default: {
      const _unknown: never = reason;
      return 'other';
    }
  }
}
