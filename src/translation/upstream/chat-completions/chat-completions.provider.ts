import { Injectable } from '@nestjs/common';
import type { ModelConfig } from '../../../config/app-config';
import type { TokenUsage } from '../../../core/http/request-context';
import type { JsonObject } from '../../../core/json/json-object';
import type { UpstreamProvider } from '../upstream-provider';
import { CHAT_COMPLETIONS_HEADERS } from './chat-completions-headers';
import { ChatCompletionsCodec } from './chat-completions.codec';
import { editChatRequest } from './edit-chat-request';
import { extractChatCompletionsUsage } from './extract-chat-completions-usage';
import { injectChatSystemPrompt } from './inject-chat-system-prompt';

/** Upstream type `common`: a Chat Completions endpoint (Factory routes these models to Fireworks by default). */
@Injectable()
export class ChatCompletionsProvider implements UpstreamProvider {
  readonly type = 'common' as const;
  readonly codec = new ChatCompletionsCodec();
  readonly defaultApiProvider = 'fireworks';
  readonly headers = CHAT_COMPLETIONS_HEADERS;
  readonly usageField = 'usage';

  injectSystemPrompt(body: Readonly<JsonObject>, prompt: string): JsonObject {
    return injectChatSystemPrompt(body, prompt);
  }

  editRequest(body: Readonly<JsonObject>, model: ModelConfig, systemPrompt: string): JsonObject {
    return editChatRequest(body, model, systemPrompt);
  }

  extractUsage(value: unknown): TokenUsage | null {
    return extractChatCompletionsUsage(value);
  }

  /** A chunk carrying `error`, which the `openai` SDK raises as an APIError; the stream then ends without [DONE]. */
  streamErrorEvent(message: string): string {
    return `data: ${JSON.stringify({ error: { message, type: 'upstream_error', code: 'stream_failed', param: null } })}\n\n`;
  }
}
