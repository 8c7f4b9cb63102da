import { Injectable } from '@nestjs/common';
import type { ModelConfig } from '../../config/app-config';
import type { ChatCompletion, ChatCompletionRequest } from '../chat-completions.types';
import type {
  ChatResponseContext,
  ChatStreamConverter,
  ProviderStrategy,
  UpstreamRequestBody,
} from '../provider-strategy';
import { fromResponsesResponse } from './from-responses-response';
import { ResponsesStreamConverter } from './responses-stream-converter';
import { toResponsesRequest } from './to-responses-request';

/** Upstream type `openai`: Factory's OpenAI endpoint speaks the Responses API. */
@Injectable()
export class ResponsesStrategy implements ProviderStrategy {
  readonly type = 'openai' as const;

  toUpstreamRequest(chat: ChatCompletionRequest, model: ModelConfig): UpstreamRequestBody {
    const body = toResponsesRequest(chat, model);
    return { body, stream: body.stream };
  }

  fromUpstreamResponse(body: unknown, ctx: ChatResponseContext): ChatCompletion {
    return fromResponsesResponse(body, ctx);
  }

  createStreamConverter(ctx: ChatResponseContext): ChatStreamConverter {
    return new ResponsesStreamConverter(ctx);
  }
}
