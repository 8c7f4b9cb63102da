import type { ModelConfig } from '../../../config/app-config';
import type { EncodedUpstreamRequest, HubStreamDecoder, UpstreamCodec } from '../../hub/hub-codec';
import type { HubRequest } from '../../hub/hub-prompt';
import type { HubResponse } from '../../hub/hub-stream';
import { fromOpenAiResponsesResponse } from './from-openai-responses-response';
import { OpenAiResponsesStreamDecoder } from './openai-responses-stream-decoder';
import { toOpenAiResponsesRequest } from './to-openai-responses-request';

/** Upstream type `openai`: the Responses API. */
export class OpenAiResponsesCodec implements UpstreamCodec {
  readonly type = 'openai' as const;

  encodeRequest(request: HubRequest, model: ModelConfig): EncodedUpstreamRequest {
    return toOpenAiResponsesRequest(request, model);
  }

  decodeResponse(body: unknown, encoded: EncodedUpstreamRequest): HubResponse {
    return fromOpenAiResponsesResponse(body, encoded);
  }

  createStreamDecoder(encoded: EncodedUpstreamRequest): HubStreamDecoder {
    return new OpenAiResponsesStreamDecoder(encoded);
  }
}
