import type { ModelConfig } from '../../../config/app-config';
import { isJsonObject, JsonObject } from '../../../core/json/json-object';
import { REASONING_TABLE } from '../shared/reasoning-levels';
import { injectGoogleSystemInstruction } from './inject-google-system-instruction';

/**
 * Google generate: resolved model id, prompt-led `systemInstruction`, the model's reasoning level as
 * `generationConfig.thinkingConfig.thinkingLevel`. Returns a new body; the input is not mutated.
 */
export function editGoogleRequest(body: Readonly<JsonObject>, model: ModelConfig, systemPrompt: string): JsonObject {
  const edited = injectGoogleSystemInstruction(body, systemPrompt);
  edited.model = model.id;
  const level = model.reasoning;
  const generationConfig = isJsonObject(edited.generationConfig) ? edited.generationConfig : undefined;
  switch (level) {
    case 'auto':
      break;
    case 'off':
      if (generationConfig && 'thinkingConfig' in generationConfig) {
        const { thinkingConfig: _removed, ...rest } = generationConfig;
        edited.generationConfig = rest;
      }
      break;
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh': {
      const client = isJsonObject(generationConfig?.thinkingConfig) ? generationConfig.thinkingConfig : {};
      // Gemini rejects thinkingBudget together with thinkingLevel; the level wins, includeThoughts is kept.
      const { thinkingBudget: _budget, ...kept } = client;
      const thinkingConfig = { ...kept, thinkingLevel: REASONING_TABLE[level].googleThinkingLevel };
      edited.generationConfig = { ...generationConfig, thinkingConfig };
      break;
    }
    default: {
      const unreachable: never = level;
      throw new Error(`unknown reasoning level ${String(unreachable)}`);
    }
  }
  return edited;
}
