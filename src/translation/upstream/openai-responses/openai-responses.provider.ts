import { Injectable } from '@nestjs/common';
import type { ModelConfig } from '../../../config/app-config';
import type { TokenUsage } from '../../../core/http/request-context';
import type { JsonObject } from '../../../core/json/json-object';
import type { UpstreamProvider } from '../upstream-provider';
import { editResponsesRequest } from './edit-responses-request';
import { extractOpenAiResponsesUsage } from './extract-openai-responses-usage';
import { injectResponsesInstructions } from './inject-responses-instructions';
import { OPENAI_RESPONSES_HEADERS } from './openai-responses-headers';
import { OpenAiResponsesCodec } from './openai-responses.codec';

/** Upstream type `openai`: the Responses API. */
@Injectable()
export class OpenAiResponsesProvider implements UpstreamProvider {
  readonly type = 'openai' as const;
  readonly codec = new OpenAiResponsesCodec();
  readonly defaultApiProvider = 'openai';
  readonly headers = OPENAI_RESPONSES_HEADERS;
  readonly usageField = 'usage';

  injectSystemPrompt(body: Readonly<JsonObject>, prompt: string): JsonObject {
    return injectResponsesInstructions(body, prompt);
  }

  editRequest(body: Readonly<JsonObject>, model: ModelConfig, systemPrompt: string): JsonObject {
    return editResponsesRequest(body, model, systemPrompt);
  }

  extractUsage(value: unknown): TokenUsage | null {
    return extractOpenAiResponsesUsage(value);
  }

  /** The Responses stream's own `error` event (https://platform.openai.com/docs/api-reference/responses-streaming/error). */
  streamErrorEvent(message: string, status?: number): string {
    const code = status === 429 ? 'rate_limit_exceeded' : 'upstream_error';
    return `event: error\ndata: ${JSON.stringify({ type: 'error', code, message, param: null })}\n\n`;
  }
}
