import type { UpstreamType } from '../config/app-config';

export type TransparentRoute = 'messages' | 'count_tokens' | 'responses' | 'generate';

export interface TransparentRouteSpec {
  /** The only model type this route serves. */
  type: UpstreamType;
  path: string;
  countTokens: boolean;
}

export const TRANSPARENT_ROUTES: Readonly<Record<TransparentRoute, TransparentRouteSpec>> = {
  messages: {
    type: 'anthropic',
    path: '/v1/messages',
    countTokens: false,
  },
  count_tokens: {
    type: 'anthropic',
    path: '/v1/messages/count_tokens',
    countTokens: true,
  },
  responses: {
    type: 'openai',
    path: '/v1/responses',
    countTokens: false,
  },
  generate: {
    type: 'google',
    path: '/v1/generate',
    countTokens: false,
  },
};

/**
 * Where a client should send a model of the given type instead: the three client APIs serve every type (an unlisted
 * type too, through the hub).
 */
export const ROUTE_FOR_TYPE: Readonly<Partial<Record<UpstreamType, string>>> = {
  anthropic: '/v1/messages, /v1/responses or /v1/chat/completions',
  openai: '/v1/responses, /v1/messages or /v1/chat/completions',
  common: '/v1/chat/completions, /v1/messages or /v1/responses',
  google: '/v1/generate, /v1/chat/completions, /v1/messages or /v1/responses',
};

/** The Factory URL for a route: the type's endpoint, with count_tokens beside messages. */
export function upstreamUrl(endpoint: string, spec: TransparentRouteSpec): string {
  return spec.countTokens ? endpoint.replace(/\/v1\/messages\/?$/, '/v1/messages/count_tokens') : endpoint;
}
