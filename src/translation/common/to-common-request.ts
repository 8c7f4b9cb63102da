import type { ModelConfig } from '../../config/app-config';
import type { ChatCompletionRequest } from '../chat-completions.types';

/**
 * The upstream already speaks Chat Completions: the body goes as the client sent it (stream_options included), only
 * with the resolved model id. The system prompt and reasoning_effort are the Factory edit's job.
 */
export function toCommonRequest(chat: ChatCompletionRequest, model: ModelConfig): ChatCompletionRequest {
  return { ...chat, model: model.id };
}
