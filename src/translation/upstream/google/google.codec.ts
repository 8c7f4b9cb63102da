import type { ModelConfig } from '../../../config/app-config';
import type { EncodedUpstreamRequest, HubStreamDecoder, UpstreamCodec } from '../../hub/hub-codec';
import type { HubRequest } from '../../hub/hub-prompt';
import type { HubResponse } from '../../hub/hub-stream';
import { fromGoogleResponse } from './from-google-response';
import { GoogleStreamDecoder } from './google-stream-decoder';
import { toGoogleRequest } from './to-google-request';

/** Upstream type `google`: Factory's Gemini-style generate endpoint. */
export class GoogleCodec implements UpstreamCodec {
  readonly type = 'google' as const;

  encodeRequest(request: HubRequest, model: ModelConfig): EncodedUpstreamRequest {
    return toGoogleRequest(request, model);
  }

  decodeResponse(body: unknown, encoded: EncodedUpstreamRequest): HubResponse {
    return fromGoogleResponse(body, encoded);
  }

  createStreamDecoder(encoded: EncodedUpstreamRequest): HubStreamDecoder {
    return new GoogleStreamDecoder(encoded);
  }
}
