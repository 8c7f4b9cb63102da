import type { ModelConfig } from '../../../config/app-config';
import { JsonObject } from '../../../core/json/json-object';
import { REASONING_TABLE } from '../shared/reasoning-levels';
import { injectChatSystemPrompt } from './inject-chat-system-prompt';

/**
 * Chat Completions (`common`): resolved model id, the prompt leading the system message, the model's reasoning
 * level as `reasoning_effort`. Returns a new body; the input is not mutated.
 */
export function editChatRequest(body: Readonly<JsonObject>, model: ModelConfig, systemPrompt: string): JsonObject {
  const edited = injectChatSystemPrompt(body, systemPrompt);
  edited.model = model.id;
  const level = model.reasoning;
  switch (level) {
    case 'auto':
      break;
    case 'off':
      delete edited.reasoning_effort;
      break;
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh':
      edited.reasoning_effort = REASONING_TABLE[level].openaiEffort;
      break;
    default: {
      const unreachable: never = level;
      throw new Error(`unknown reasoning level ${String(unreachable)}`);
    }
  }
  return edited;
}
