import type { JsonObject } from '../../../core/json/json-object';

/**
 * Anthropic Messages (also count_tokens): `system` becomes a block array led by the prompt (the rule every type
 * follows: shared/join-prompt-text.ts).
 */
export function injectAnthropicSystem(body: Readonly<JsonObject>, prompt: string): JsonObject {
  if (prompt === '') return { ...body };
  const promptBlock = { type: 'text', text: prompt };
  const system = body.system;
  // The API rejects whitespace-only text blocks, and such a system carries nothing to keep.
  if (system === undefined || system === null || (typeof system === 'string' && system.trim() === '')) {
    return { ...body, system: [promptBlock] };
  }
  if (typeof system === 'string') return { ...body, system: [promptBlock, { type: 'text', text: system }] };
  if (Array.isArray(system)) return { ...body, system: [promptBlock, ...system] };
  return { ...body };
}
