import { ApiError } from '../../core/errors/api-error';
import type { ChatStreamError } from '../../translation/client/chat-completions/chat-api.types';

/**
 * The upstream stream failed while the gateway was accumulating it into a non-stream answer (see
 * `accumulateChatStream`); carries the error the stream would have shown a streaming client.
 */
export class UpstreamStreamError extends ApiError {
  constructor(readonly streamError: ChatStreamError) {
    super(502, streamError.error.message, { code: streamError.error.code ?? streamError.error.type });
  }
}
