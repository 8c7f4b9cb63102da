import { ApiError } from '../core/errors/api-error';
import type { UpstreamIdentity } from '../core/http/call-context';
import { fixed } from '../translation/upstream/shared/header-table';
import type { UpstreamHeadersInput, UpstreamProvider } from '../translation/upstream/upstream-provider';

export interface FactoryHeadersInput extends UpstreamHeadersInput {
  /** The model's upstream type, which names the headers only it sends. */
  provider: UpstreamProvider;
  /** The request's identity (FactoryIdentityInterceptor), with the model's provider. */
  identity: Required<UpstreamIdentity>;
  /** The upstream credential for this attempt, `Bearer …`. */
  authorization: string;
}

type IdentitySource = (input: FactoryHeadersInput) => string | undefined;

/** What Factory's CLI sends on every type: the request's identity and this attempt's credential. */
const FACTORY_IDENTITY: Readonly<Record<string, IdentitySource>> = {
  'content-type': fixed('application/json'),
  authorization: ({ authorization }) => authorization,
  'x-api-provider': ({ identity }) => identity.apiProvider,
  'x-factory-client': ({ identity }) => identity.client,
  'x-session-id': ({ identity }) => identity.sessionId,
  'x-assistant-message-id': ({ identity }) => identity.messageId,
  'user-agent': ({ identity }) => identity.userAgent,
};

/**
 * Longest header value sent upstream that a client can influence. Factory's edge answers an oversized header with an
 * empty-bodied 400 the client cannot make sense of; refusing it here says which header is too long, in the route's
 * format. Real values (session ids, beta lists, SDK fingerprints) are far shorter.
 */
export const MAX_FORWARDED_HEADER_BYTES = 2048;

/**
 * The complete outbound header set for one upstream call: the type's `accept`, the Factory identity, then the rest of
 * the type's own headers (UpstreamProvider.headers). Nothing of the client's is forwarded unless named there, so
 * hop-by-hop headers (connection, host, content-length, …) and client credentials (authorization, x-api-key, cookie)
 * never reach Factory.
 */
export function buildFactoryHeaders(input: FactoryHeadersInput): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, source] of headerTable(input.provider)) {
    const value = source(input);
    if (value === undefined) continue;
    // The credential is the gateway's own (a WorkOS JWT can be long), not the client's.
    if (name !== 'authorization') assertForwardable(name, value);
    headers[name] = value;
  }
  return headers;
}

// The merged table per provider, built once: every upstream call walks it.
const tables = new WeakMap<UpstreamProvider, [string, IdentitySource][]>();

function headerTable(provider: UpstreamProvider): [string, IdentitySource][] {
  let table = tables.get(provider);
  if (!table) {
    const { accept, ...typeHeaders } = provider.headers;
    table = Object.entries({ accept, ...FACTORY_IDENTITY, ...typeHeaders });
    tables.set(provider, table);
  }
  return table;
}

function assertForwardable(name: string, value: string): void {
  // A UTF-16 unit is at most three UTF-8 bytes: short values need no byte count.
  if (value.length * 3 <= MAX_FORWARDED_HEADER_BYTES) return;
  const bytes = Buffer.byteLength(value);
  if (bytes <= MAX_FORWARDED_HEADER_BYTES) return;
  throw new ApiError(431, `Header ${name} is ${bytes} bytes; at most ${MAX_FORWARDED_HEADER_BYTES} bytes of a header are forwarded upstream`, {
    code: 'header_too_large',
    param: name,
  });
}
