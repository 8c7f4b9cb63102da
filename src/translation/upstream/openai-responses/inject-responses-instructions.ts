import type { JsonObject } from '../../../core/json/json-object';
import { joinPromptText } from '../shared/join-prompt-text';

/** OpenAI Responses: `instructions` = prompt + client instructions (see joinPromptText). */
export function injectResponsesInstructions(body: Readonly<JsonObject>, prompt: string): JsonObject {
  if (prompt === '') return { ...body };
  const instructions = body.instructions;
  if (instructions === undefined || instructions === null) return { ...body, instructions: prompt };
  if (typeof instructions === 'string') return { ...body, instructions: joinPromptText(prompt, instructions) };
  return { ...body };
}
