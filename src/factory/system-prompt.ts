import { isJsonObject, JsonObject } from './json-object';

/*
 * One rule for every upstream type: the configured prompt comes first, the client's own instructions follow and
 * nothing of the client's is lost. An empty configured prompt changes nothing. Each function returns a new body and
 * never mutates its input. A client field of a shape the vendor API itself rejects is left as it is, so the
 * upstream answers with its own validation error instead of the gateway guessing.
 */

/**
 * Joins the prompt and a client's plain-text instructions. The seed prompt ends with "\n\n", so it is concatenated
 * as is; a prompt that does not end in whitespace gets a blank line so the two texts never run together.
 */
export function joinPromptText(prompt: string, clientText: string): string {
  if (clientText === '') return prompt;
  return /\s$/.test(prompt) ? prompt + clientText : `${prompt}\n\n${clientText}`;
}

/** Anthropic Messages (also count_tokens): `system` becomes a block array led by the prompt. */
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

/** OpenAI Responses: `instructions` = prompt + client instructions (see joinPromptText). */
export function injectResponsesInstructions(body: Readonly<JsonObject>, prompt: string): JsonObject {
  if (prompt === '') return { ...body };
  const instructions = body.instructions;
  if (instructions === undefined || instructions === null) return { ...body, instructions: prompt };
  if (typeof instructions === 'string') return { ...body, instructions: joinPromptText(prompt, instructions) };
  return { ...body };
}

/** Google generate: `systemInstruction.parts` starts with the prompt; the client's parts (and other fields) follow. */
export function injectGoogleSystemInstruction(body: Readonly<JsonObject>, prompt: string): JsonObject {
  if (prompt === '') return { ...body };
  const promptPart = { text: prompt };
  const current = body.systemInstruction;
  if (current === undefined || current === null) return { ...body, systemInstruction: { parts: [promptPart] } };
  if (typeof current === 'string') {
    const parts = current === '' ? [promptPart] : [promptPart, { text: current }];
    return { ...body, systemInstruction: { parts } };
  }
  if (isJsonObject(current) && (current.parts === undefined || Array.isArray(current.parts))) {
    const clientParts: unknown[] = Array.isArray(current.parts) ? current.parts : [];
    return { ...body, systemInstruction: { ...current, parts: [promptPart, ...clientParts] } };
  }
  return { ...body };
}

/**
 * Chat Completions: the prompt leads the first system (or developer) message, whatever its content shape; without
 * one (or with a content shape we cannot extend) a new system message is inserted first.
 */
export function injectChatSystemPrompt(body: Readonly<JsonObject>, prompt: string): JsonObject {
  if (prompt === '') return { ...body };
  const messages = body.messages;
  if (!Array.isArray(messages)) return { ...body };
  const index = messages.findIndex(
    (message) => isJsonObject(message) && (message.role === 'system' || message.role === 'developer'),
  );
  const target: unknown = index === -1 ? undefined : messages[index];
  const content = isJsonObject(target) ? prependToContent(target.content, prompt) : undefined;
  if (!isJsonObject(target) || content === undefined) {
    return { ...body, messages: [{ role: 'system', content: prompt }, ...messages] };
  }
  const edited = [...messages];
  edited[index] = { ...target, content };
  return { ...body, messages: edited };
}

function prependToContent(content: unknown, prompt: string): unknown {
  if (content === undefined || content === null) return prompt;
  if (typeof content === 'string') return joinPromptText(prompt, content);
  if (Array.isArray(content)) return [{ type: 'text', text: prompt }, ...content];
  return undefined;
}
