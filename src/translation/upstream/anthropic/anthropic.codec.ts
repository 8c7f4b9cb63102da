import type { ModelConfig } from '../../../config/app-config';
import type { EncodedUpstreamRequest, HubStreamDecoder, UpstreamCodec } from '../../hub/hub-codec';
import type { HubRequest } from '../../hub/hub-prompt';
import type { HubResponse } from '../../hub/hub-stream';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder';
import { fromAnthropicResponse } from './from-anthropic-response';
import { toAnthropicRequest } from './to-anthropic-request';

/** Upstream type `anthropic`: the Messages API. */
export class AnthropicCodec implements UpstreamCodec {
  readonly type = 'anthropic' as const;

  encodeRequest(request: HubRequest, model: ModelConfig): EncodedUpstreamRequest {
    return toAnthropicRequest(request, model);
  }

  decodeResponse(body: unknown, encoded: EncodedUpstreamRequest): HubResponse {
    return fromAnthropicResponse(body, encoded);
  }

  createStreamDecoder(encoded: EncodedUpstreamRequest): HubStreamDecoder {
    return new AnthropicStreamDecoder(encoded);
  }
}
