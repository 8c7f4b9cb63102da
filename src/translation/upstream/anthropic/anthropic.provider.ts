import { Injectable } from '@nestjs/common';
import type { ModelConfig } from '../../../config/app-config';
import type { TokenUsage } from '../../../core/http/request-context';
import type { JsonObject } from '../../../core/json/json-object';
import { formatErrorBody } from '../../../core/errors/error-format';
import type { EditRequestOptions, UpstreamProvider } from '../upstream-provider';
import { ANTHROPIC_HEADERS } from './anthropic-headers';
import { AnthropicCodec } from './anthropic.codec';
import { editAnthropicRequest } from './edit-anthropic-request';
import { extractAnthropicUsage } from './extract-anthropic-usage';
import { injectAnthropicSystem } from './inject-anthropic-system';

/** Upstream type `anthropic`: the Messages API (and count_tokens beside it). */
@Injectable()
export class AnthropicProvider implements UpstreamProvider {
  readonly type = 'anthropic' as const;
  readonly codec = new AnthropicCodec();
  readonly defaultApiProvider = 'anthropic';
  readonly headers = ANTHROPIC_HEADERS;
  readonly usageField = 'usage';

  injectSystemPrompt(body: Readonly<JsonObject>, prompt: string): JsonObject {
    return injectAnthropicSystem(body, prompt);
  }

  editRequest(body: Readonly<JsonObject>, model: ModelConfig, systemPrompt: string, options?: EditRequestOptions): JsonObject {
    return editAnthropicRequest(body, model, systemPrompt, options);
  }

  extractUsage(value: unknown): TokenUsage | null {
    return extractAnthropicUsage(value);
  }

  /** https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events (the type follows the status). */
  streamErrorEvent(message: string, status = 502): string {
    return `event: error\ndata: ${JSON.stringify(formatErrorBody('anthropic', { status, message }))}\n\n`;
  }
}
