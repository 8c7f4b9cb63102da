import type { ModelConfig } from '../../../config/app-config';
import type { EncodedUpstreamRequest, HubStreamDecoder, UpstreamCodec } from '../../hub/hub-codec';
import type { HubRequest } from '../../hub/hub-prompt';
import type { HubResponse } from '../../hub/hub-stream';
import { ChatCompletionsStreamDecoder } from './chat-completions-stream-decoder';
import { fromChatCompletionsResponse } from './from-chat-completions-response';
import { toChatCompletionsRequest } from './to-chat-completions-request';

/** Upstream type `common`: a Chat Completions endpoint. */
export class ChatCompletionsCodec implements UpstreamCodec {
  readonly type = 'common' as const;

  encodeRequest(request: HubRequest, model: ModelConfig): EncodedUpstreamRequest {
    return toChatCompletionsRequest(request, model);
  }

  decodeResponse(body: unknown, encoded: EncodedUpstreamRequest): HubResponse {
    return fromChatCompletionsResponse(body, encoded);
  }

  createStreamDecoder(encoded: EncodedUpstreamRequest): HubStreamDecoder {
    return new ChatCompletionsStreamDecoder(encoded);
  }
}
