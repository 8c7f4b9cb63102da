import type { HubProviderMetadata } from '../../hub/hub-prompt';

/**
 * A Responses client keeps reasoning only as items it sends back (`store: false` with
 * `include: ["reasoning.encrypted_content"]`, as Codex always does). Reasoning from another upstream is handed out as a
 * reasoning item whose `encrypted_content` is this prefix and the base64url JSON of the reasoning's text and vendor
 * payload — an Anthropic thinking block's signature or redacted data, a Gemini thought signature — so when the item
 * comes back, the original signed block reaches its upstream unchanged. OpenAI must never see it: the transparent
 * Responses route drops such items before forwarding.
 */
export const GATEWAY_REASONING_PREFIX = 'droid2api.reasoning.v1.';

interface CarriedReasoning {
  text: string;
  anthropic?: HubProviderMetadata['anthropic'];
  google?: HubProviderMetadata['google'];
}

/** The `encrypted_content` for reasoning from another upstream; undefined when it carries nothing worth keeping. */
export function gatewayEncryptedContent(text: string, metadata: HubProviderMetadata | undefined): string | undefined {
  const carried: CarriedReasoning = { text };
  if (metadata?.anthropic?.signature !== undefined || metadata?.anthropic?.redactedData !== undefined) {
    carried.anthropic = { signature: metadata.anthropic.signature, redactedData: metadata.anthropic.redactedData };
  }
  if (metadata?.google?.thoughtSignature !== undefined) carried.google = { thoughtSignature: metadata.google.thoughtSignature };
  if (!carried.anthropic && !carried.google) return undefined;
  return GATEWAY_REASONING_PREFIX + Buffer.from(JSON.stringify(carried)).toString('base64url');
}

export function isGatewayEncryptedContent(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(GATEWAY_REASONING_PREFIX);
}

/** The reasoning text and vendor payload a gateway `encrypted_content` carried; undefined when it cannot be read. */
export function readGatewayEncryptedContent(value: string): { text: string; providerMetadata: HubProviderMetadata } | undefined {
  let carried: CarriedReasoning;
  try {
    carried = JSON.parse(Buffer.from(value.slice(GATEWAY_REASONING_PREFIX.length), 'base64url').toString('utf8')) as CarriedReasoning;
  } catch {
    return undefined;
  }
  if (typeof carried?.text !== 'string') return undefined;
  const providerMetadata: HubProviderMetadata = {};
  if (carried.anthropic) {
    providerMetadata.anthropic = {};
    if (typeof carried.anthropic.signature === 'string') providerMetadata.anthropic.signature = carried.anthropic.signature;
    if (typeof carried.anthropic.redactedData === 'string') providerMetadata.anthropic.redactedData = carried.anthropic.redactedData;
  }
  if (typeof carried.google?.thoughtSignature === 'string') providerMetadata.google = { thoughtSignature: carried.google.thoughtSignature };
  return { text: carried.text, providerMetadata };
}
