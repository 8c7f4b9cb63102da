import type { ChatFinishReason } from '../chat-completions.types';
import type { GoogleFinishReason } from './google-api.types';

export function mapGoogleFinishReason(reason: GoogleFinishReason | undefined, hasToolCalls: boolean): ChatFinishReason {
  const ended = hasToolCalls ? 'tool_calls' : 'stop';
  if (reason === undefined) return ended;
  switch (reason) {
    case 'STOP':
    case 'FINISH_REASON_UNSPECIFIED':
    case 'OTHER':
    case 'LANGUAGE':
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
      return ended;
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
      return 'content_filter';
    default: {
      const _unknown: never = reason;
      return ended;
    }
  }
}
