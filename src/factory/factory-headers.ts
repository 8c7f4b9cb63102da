import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../core/errors/api-error';
import type { ModelConfig, UpstreamType } from '../config/app-config';
import { mergeAnthropicBeta } from './anthropic-beta';

export interface FactoryHeadersInput {
  type: UpstreamType;
  model: ModelConfig;
  /** The client's request headers as Node gives them (lower-cased names). */
  clientHeaders: IncomingHttpHeaders;
  /** The upstream credential, `Bearer …`. */
  authorization: string;
  /** From config, e.g. `factory-cli/0.27.1`. */
  userAgent: string;
  stream: boolean;
}

/** Computes one header value; undefined leaves the header out. */
type HeaderSource = (input: FactoryHeadersInput) => string | undefined;
type HeaderTable = Readonly<Record<string, HeaderSource>>;

/** `x-api-provider` when the model names none; Factory routes `common` models to Fireworks. */
const DEFAULT_PROVIDER: Readonly<Record<UpstreamType, string>> = {
  anthropic: 'anthropic',
  openai: 'openai',
  common: 'fireworks',
  google: 'google',
};

const fixed =
  (value: string): HeaderSource =>
  () =>
    value;
const clientOr =
  (name: string, fallback: () => string): HeaderSource =>
  ({ clientHeaders }) =>
    clientValue(clientHeaders, name) ?? fallback();
const clientOrFixed = (name: string, fallback: string): HeaderSource => clientOr(name, () => fallback);

/** What Factory's CLI sends on every type. */
const FACTORY_IDENTITY: HeaderTable = {
  'content-type': fixed('application/json'),
  authorization: ({ authorization }) => authorization,
  'x-api-provider': ({ type, model }) => providerFor(type, model),
  'x-factory-client': fixed('cli'),
  'x-session-id': clientOr('x-session-id', randomUUID),
  'x-assistant-message-id': clientOr('x-assistant-message-id', randomUUID),
  'user-agent': ({ userAgent }) => userAgent,
};

/** The Stainless SDK fingerprint of the CLI's Anthropic/OpenAI clients; the client's own values win. */
const stainless = (packageVersion: string): HeaderTable => ({
  'x-stainless-timeout': fixed('600'),
  'x-stainless-helper-method': ({ stream }) => (stream ? 'stream' : undefined),
  'x-stainless-arch': clientOrFixed('x-stainless-arch', 'x64'),
  'x-stainless-lang': clientOrFixed('x-stainless-lang', 'js'),
  'x-stainless-os': clientOrFixed('x-stainless-os', 'MacOS'),
  'x-stainless-runtime': clientOrFixed('x-stainless-runtime', 'node'),
  'x-stainless-retry-count': clientOrFixed('x-stainless-retry-count', '0'),
  'x-stainless-package-version': clientOrFixed('x-stainless-package-version', packageVersion),
  'x-stainless-runtime-version': clientOrFixed('x-stainless-runtime-version', 'v24.3.0'),
});

/**
 * The complete outbound header set per upstream type. Nothing of the client's is forwarded unless named here, so
 * hop-by-hop headers (connection, host, content-length, …) and client credentials (authorization, x-api-key,
 * cookie) never reach Factory.
 */
const HEADER_TABLES: Readonly<Record<UpstreamType, HeaderTable>> = {
  anthropic: {
    accept: fixed('application/json'),
    ...FACTORY_IDENTITY,
    'anthropic-version': clientOrFixed('anthropic-version', '2023-06-01'),
    'x-api-key': fixed('placeholder'),
    'anthropic-beta': ({ clientHeaders, model }) => mergeAnthropicBeta(clientHeaders['anthropic-beta'], model),
    ...stainless('0.57.0'),
  },
  openai: {
    accept: clientOrFixed('accept', 'application/json'),
    ...FACTORY_IDENTITY,
    ...stainless('5.23.2'),
  },
  common: {
    accept: fixed('application/json'),
    ...FACTORY_IDENTITY,
    ...stainless('5.23.2'),
  },
  google: {
    accept: fixed('*/*'),
    ...FACTORY_IDENTITY,
    'x-client-version': ({ userAgent }) => versionFromUserAgent(userAgent),
  },
};

/**
 * Longest header value sent upstream that a client can influence. Factory's edge answers an oversized header with an
 * empty-bodied 400 the client cannot make sense of; refusing it here says which header is too long, in the route's
 * format. Real values (session ids, beta lists, SDK fingerprints) are far shorter.
 */
export const MAX_FORWARDED_HEADER_BYTES = 2048;

/** The headers for one upstream call, built from the type's table. */
export function buildFactoryHeaders(input: FactoryHeadersInput): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, source] of Object.entries(HEADER_TABLES[input.type])) {
    const value = source(input);
    if (value === undefined) continue;
    // The credential is the gateway's own (a WorkOS JWT can be long), not the client's.
    if (name !== 'authorization') assertForwardable(name, value);
    headers[name] = value;
  }
  return headers;
}

function assertForwardable(name: string, value: string): void {
  const bytes = Buffer.byteLength(value);
  if (bytes <= MAX_FORWARDED_HEADER_BYTES) return;
  throw new ApiError(431, `Header ${name} is ${bytes} bytes; at most ${MAX_FORWARDED_HEADER_BYTES} bytes of a header are forwarded upstream`, {
    code: 'header_too_large',
    param: name,
  });
}

/** `factory-cli/0.27.1` → `0.27.1`; undefined when the user agent carries no version. */
export function versionFromUserAgent(userAgent: string): string | undefined {
  const version = /\/([^\s/]+)/.exec(userAgent)?.[1];
  return version === undefined || version === '' ? undefined : version;
}

function providerFor(type: UpstreamType, model: ModelConfig): string {
  const provider = model.provider?.trim();
  // A config round-tripped through JSON can carry "null"/"undefined" as text; Factory must never see them.
  if (!provider || ['null', 'undefined'].includes(provider.toLowerCase())) return DEFAULT_PROVIDER[type];
  return provider;
}

/** A client header as one non-empty string (the first of repeated values), else undefined. */
function clientValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value.trim() === '' ? undefined : value;
}
