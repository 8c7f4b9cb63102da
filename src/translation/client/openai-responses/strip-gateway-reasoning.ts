import { isJsonObject } from '../../../core/json/json-object';
import { isGatewayEncryptedContent } from './gateway-reasoning';

/**
 * A Responses body bound for a real OpenAI model (the transparent route) without the reasoning items the gateway made
 * from another upstream's thinking: OpenAI cannot decrypt their `encrypted_content` and would reject the request, so a
 * Codex session that switches from a Claude model to a GPT one would otherwise fail. Returns the body itself when
 * there is nothing to strip.
 */
export function stripGatewayReasoning(body: Record<string, unknown>): Record<string, unknown> {
  const input = body.input;
  if (!Array.isArray(input) || !input.some(isGatewayReasoning)) return body;
  return { ...body, input: input.filter((item) => !isGatewayReasoning(item)) };
}

function isGatewayReasoning(item: unknown): boolean {
  return isJsonObject(item) && item.type === 'reasoning' && isGatewayEncryptedContent(item.encrypted_content);
}
