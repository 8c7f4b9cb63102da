import type { ChatFinishReason } from '../chat-completions.types';
import type { ResponsesResponse } from './responses-api.types';

/** Responses has a status, not a finish reason: a completed turn that called functions is chat's `tool_calls`. */
export function mapResponsesFinishReason(
  response: Pick<ResponsesResponse, 'status' | 'incomplete_details'>,
  hasToolCalls: boolean,
): ChatFinishReason {
  switch (response.status) {
    case 'incomplete':
      return response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
    case 'completed':
    case 'failed':
    case 'in_progress':
    case 'cancelled':
    case 'queued':
      return hasToolCalls ? 'tool_calls' : 'stop';
    default: {
      const _unknown: never = response.status;
      return hasToolCalls ? 'tool_calls' : 'stop';
    }
  }
}
