import type { HubFinishReason } from '../../hub/hub-stream';
import type { ResponsesResponse } from './openai-responses-api.types';

/** Responses has a status, not a finish reason: a completed turn that called tools is the hub's `tool-calls`. */
export function mapOpenAiResponsesFinishReason(
  response: Pick<ResponsesResponse, 'status' | 'incomplete_details'>,
  hasToolCalls: boolean,
): HubFinishReason {
  switch (response.status) {
    case 'incomplete':
      return response.incomplete_details?.reason === 'content_filter' ? 'content-filter' : 'length';
    case 'completed':
    case 'failed':
    case 'in_progress':
    case 'cancelled':
    case 'queued':
      return hasToolCalls ? 'tool-calls' : 'stop';
    default: {
      const _unknown: never = response.status;
      return hasToolCalls ? 'tool-calls' : 'stop';
    }
  }
}
