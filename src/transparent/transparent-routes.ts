import type { UpstreamType } from '../config/app-config';

export type TransparentRoute = 'messages' | 'count_tokens' | 'responses' | 'generate';

export interface TransparentRouteSpec {
  /** The only model type this route serves. */
  type: UpstreamType;
  path: string;
  countTokens: boolean;
  /** An SSE event telling the client, in this API's own event format, that the stream failed midway. */
  streamErrorEvent(message: string): string;
}

const anthropicStreamError = (message: string) =>
  `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message } })}\n\n`;

export const TRANSPARENT_ROUTES: Readonly<Record<TransparentRoute, TransparentRouteSpec>> = {
  messages: {
    type: 'anthropic',
    path: '/v1/messages',
    countTokens: false,
    streamErrorEvent: anthropicStreamError,
  },
  count_tokens: {
    type: 'anthropic',
    path: '/v1/messages/count_tokens',
    countTokens: true,
    streamErrorEvent: anthropicStreamError,
  },
  responses: {
    type: 'openai',
    path: '/v1/responses',
    countTokens: false,
    streamErrorEvent: (message) =>
      `event: error\ndata: ${JSON.stringify({ type: 'error', code: 'upstream_error', message, param: null })}\n\n`,
  },
  generate: {
    type: 'google',
    path: '/v1/generate',
    countTokens: false,
    streamErrorEvent: (message) => `data: ${JSON.stringify({ error: { code: 502, message, status: 'UNAVAILABLE' } })}\n\n`,
  },
};

/** Where a client should send a model of the given type instead. */
export const ROUTE_FOR_TYPE: Readonly<Record<UpstreamType, string>> = {
  anthropic: '/v1/messages or /v1/chat/completions',
  openai: '/v1/responses or /v1/chat/completions',
  common: '/v1/chat/completions',
  google: '/v1/generate or /v1/chat/completions',
};

/** The Factory URL for a route: the type's endpoint, with count_tokens beside messages. */
export function upstreamUrl(endpoint: string, spec: TransparentRouteSpec): string {
  return spec.countTokens ? endpoint.replace(/\/v1\/messages\/?$/, '/v1/messages/count_tokens') : endpoint;
}
