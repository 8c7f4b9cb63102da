import type { ClientApiCodec, ClientResponseContext, DecodedClientRequest, HubStreamEncoder } from '../../hub/hub-codec';
import type { HubResponse } from '../../hub/hub-stream';
import { decodeMessagesRequest } from './decode-messages-request';
import { encodeMessagesResponse } from './encode-messages-response';
import { MessagesStreamEncoder } from './messages-stream-encoder';
import { stripGatewayThinking } from './strip-gateway-thinking';

/** Anthropic Messages ↔ hub, for models of the other upstream types (anthropic models stay transparent). */
export const anthropicMessagesCodec: ClientApiCodec = {
  api: 'anthropic-messages',
  errorFormat: 'anthropic',
  nativeType: 'anthropic',
  decodeRequest: (body: Record<string, unknown>, options?: { countTokens: boolean }): DecodedClientRequest =>
    decodeMessagesRequest(body, { countTokens: options?.countTokens === true }),
  prepareNative: stripGatewayThinking,
  encodeResponse: (response: HubResponse, context: ClientResponseContext) => encodeMessagesResponse(response, context),
  createStreamEncoder: (context: ClientResponseContext): HubStreamEncoder => new MessagesStreamEncoder(context),
};
