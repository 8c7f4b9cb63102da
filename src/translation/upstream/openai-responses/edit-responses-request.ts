import type { ModelConfig } from '../../../config/app-config';
import { isJsonObject, JsonObject } from '../../../core/json/json-object';
import { REASONING_TABLE } from '../shared/reasoning-levels';
import { injectResponsesInstructions } from './inject-responses-instructions';

/**
 * OpenAI Responses: resolved model id, prompt-led `instructions`, the model's reasoning level and priority serving
 * for fast models. Returns a new body; the input is not mutated.
 */
export function editResponsesRequest(body: Readonly<JsonObject>, model: ModelConfig, systemPrompt: string): JsonObject {
  const edited = injectResponsesInstructions(body, systemPrompt);
  edited.model = model.id;
  const level = model.reasoning;
  switch (level) {
    case 'auto':
      break;
    case 'off':
      delete edited.reasoning;
      break;
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh': {
      // The level decides the effort; the client's other reasoning fields (its own summary choice) are kept.
      const client = isJsonObject(edited.reasoning) ? edited.reasoning : {};
      const summary = typeof client.summary === 'string' ? client.summary : 'auto';
      edited.reasoning = { ...client, effort: REASONING_TABLE[level].openaiEffort, summary };
      break;
    }
    default: {
      const unreachable: never = level;
      throw new Error(`unknown reasoning level ${String(unreachable)}`);
    }
  }
  if (model.fast && (edited.service_tier === undefined || edited.service_tier === null)) {
    edited.service_tier = 'priority';
  }
  return edited;
}
