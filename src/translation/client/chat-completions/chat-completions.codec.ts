import type { ClientApiCodec, ClientResponseContext, DecodedClientRequest, HubStreamEncoder } from '../../hub/hub-codec';
import type { HubResponse } from '../../hub/hub-stream';
import { ChatStreamEncoder } from './chat-stream-encoder';
import { decodeChatRequest } from './decode-chat-request';
import { encodeChatResponse } from './encode-chat-response';

/** OpenAI Chat Completions ↔ hub. */
export const chatCompletionsCodec: ClientApiCodec = {
  api: 'chat-completions',
  errorFormat: 'openai',
  nativeType: 'common',
  decodeRequest: (body: Record<string, unknown>): DecodedClientRequest => decodeChatRequest(body),
  encodeResponse: (response: HubResponse, context: ClientResponseContext) => ({ ...encodeChatResponse(response, context) }),
  createStreamEncoder: (context: ClientResponseContext): HubStreamEncoder => new ChatStreamEncoder(context),
};
