import type { HubProviderMetadata } from '../../hub/hub-prompt';

/**
 * Thinking shown to an Anthropic-API client that came from another upstream's reasoning gets a signature the gateway
 * recognises when the client sends the block back: this prefix, then the base64url JSON of the reasoning's own
 * vendor payload (a Responses `encrypted_content`, a Gemini `thoughtSignature`), so the original upstream gets its
 * reasoning back. A real Anthropic model must never see it (it would reject the block as tampered): the decoder marks
 * such blocks with `providerMetadata.gateway`, which the Anthropic upstream encoder strips.
 */
export const GATEWAY_SIGNATURE_PREFIX = 'droid2api.thinking.v1.';

/** The vendor payloads a gateway signature carries; Anthropic's own never appears (Messages→anthropic is transparent). */
type CarriedMetadata = Pick<HubProviderMetadata, 'openai' | 'google'>;

export function gatewaySignature(metadata: HubProviderMetadata | undefined): string {
  const carried: CarriedMetadata = {};
  if (metadata?.openai) carried.openai = metadata.openai;
  if (metadata?.google) carried.google = metadata.google;
  return GATEWAY_SIGNATURE_PREFIX + Buffer.from(JSON.stringify(carried)).toString('base64url');
}

export function isGatewaySignature(signature: unknown): signature is string {
  return typeof signature === 'string' && signature.startsWith(GATEWAY_SIGNATURE_PREFIX);
}

/** The metadata a gateway signature carried, marked as the gateway's; `{gateway}` alone when it cannot be read. */
export function metadataFromGatewaySignature(signature: string): HubProviderMetadata {
  const metadata: HubProviderMetadata = { gateway: { reasoningFrom: 'droid2api' } };
  try {
    const carried = JSON.parse(Buffer.from(signature.slice(GATEWAY_SIGNATURE_PREFIX.length), 'base64url').toString('utf8')) as CarriedMetadata;
    if (isObject(carried.openai)) metadata.openai = carried.openai;
    if (isObject(carried.google)) metadata.google = carried.google;
  } catch {
    // A mangled signature only loses the carried payload; the block is still ours and still stripped for Anthropic.
  }
  return metadata;
}

function isObject(value: unknown): value is Record<string, never> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
