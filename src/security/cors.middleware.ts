import type { NextFunction, Request, Response } from 'express';

/** Request headers the OpenAI, Anthropic and Gemini SDKs send from a browser, besides their `x-stainless-*` set. */
const ALLOWED_HEADERS = [
  'authorization',
  'x-api-key',
  'content-type',
  'accept',
  'anthropic-version',
  'anthropic-beta',
  'anthropic-dangerous-direct-browser-access',
  'openai-organization',
  'openai-project',
  'openai-beta',
  'x-goog-api-key',
  'x-goog-api-client',
  'x-request-id',
  'x-session-id',
  'idempotency-key',
];
const ALLOWED_PREFIX = 'x-stainless-';

/** Response headers browser code may read: the request id and the rate-limit information clients act on. */
const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-tokens',
  'anthropic-ratelimit-requests-limit',
  'anthropic-ratelimit-requests-remaining',
  'anthropic-ratelimit-requests-reset',
  'anthropic-ratelimit-tokens-limit',
  'anthropic-ratelimit-tokens-remaining',
  'anthropic-ratelimit-tokens-reset',
].join(', ');

/**
 * CORS for browser clients, off unless CORS_ORIGINS lists origins: with the default no web page the developer visits
 * can call a gateway on localhost and spend its Factory credential. `*` lets any origin call the API; otherwise only
 * the listed origins get the headers. Preflights are answered here, ahead of the key check, since browsers send them without credentials.
 * No `Access-Control-Allow-Credentials`: clients authenticate with headers, never cookies.
 */
export function cors(origins: readonly string[]) {
  const anyOrigin = origins.includes('*');
  const listed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    // Nothing before this sets Vary, so it is set outright (res.vary parses and merges).
    if (!anyOrigin) {
      if (res.getHeader('vary') === undefined) res.setHeader('vary', 'Origin');
      else res.vary('Origin');
    }
    const allowed = origin !== undefined && (anyOrigin || listed.has(origin));
    if (allowed) {
      res.setHeader('access-control-allow-origin', anyOrigin ? '*' : origin);
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    }
    const preflight = req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined;
    if (!preflight) return next();
    // A refused origin still gets a 204, just without the headers, so the browser blocks the real request.
    if (allowed) {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', allowedHeaders(req.headers['access-control-request-headers']));
      res.setHeader('access-control-max-age', '600');
      res.vary('Access-Control-Request-Headers');
    }
    res.status(204).end();
  };
}

/** The allow-list plus whichever `x-stainless-*` headers this preflight asks for (the SDKs' set changes by version). */
function allowedHeaders(requested: string | undefined): string {
  const stainless = (requested ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.startsWith(ALLOWED_PREFIX) && /^[a-z0-9-]+$/.test(name));
  return [...ALLOWED_HEADERS, ...new Set(stainless)].join(', ');
}
