import type { HubFinishReason } from '../../hub/hub-stream';
import type { GoogleFinishReason } from './google-api.types';

/** Gemini says STOP after function calls too; a turn that called functions is `tool-calls`. */
export function mapGoogleFinishReason(reason: GoogleFinishReason | undefined, hasToolCalls: boolean): HubFinishReason {
  switch (reason) {
    case undefined:
    case 'STOP':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
      return 'content-filter';
    case 'FINISH_REASON_UNSPECIFIED':
    case 'OTHER':
    case 'LANGUAGE':
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
      return 'other';
    default: {
      const _unknown: never = reason;
      return 'other';
    }
  }
}
