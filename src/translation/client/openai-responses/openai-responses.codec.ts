import type { ClientApiCodec, ClientResponseContext, DecodedClientRequest, HubStreamEncoder } from '../../hub/hub-codec';
import type { HubResponse } from '../../hub/hub-stream';
import { decodeResponsesRequest } from './decode-responses-request';
import { encodeResponsesResponse } from './encode-responses-response';
import { ResponsesStreamEncoder } from './responses-stream-encoder';
import { stripGatewayReasoning } from './strip-gateway-reasoning';

/** OpenAI Responses ↔ hub, for models of the other upstream types (openai models stay transparent). */
export const openaiResponsesCodec: ClientApiCodec = {
  api: 'openai-responses',
  errorFormat: 'openai',
  nativeType: 'openai',
  decodeRequest: (body: Record<string, unknown>): DecodedClientRequest => decodeResponsesRequest(body),
  prepareNative: stripGatewayReasoning,
  encodeResponse: (response: HubResponse, context: ClientResponseContext) => encodeResponsesResponse(response, context),
  createStreamEncoder: (context: ClientResponseContext): HubStreamEncoder => new ResponsesStreamEncoder(context),
};
