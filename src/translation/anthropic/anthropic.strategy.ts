import { Injectable } from '@nestjs/common';
import type { ModelConfig } from '../../config/app-config';
import type { ChatCompletion, ChatCompletionRequest } from '../chat-completions.types';
import type {
  ChatResponseContext,
  ChatStreamConverter,
  ProviderStrategy,
  UpstreamRequestBody,
} from '../provider-strategy';
import { AnthropicStreamConverter } from './anthropic-stream-converter';
import { fromAnthropicResponse } from './from-anthropic-response';
import { toAnthropicRequest } from './to-anthropic-request';

@Injectable()
export class AnthropicStrategy implements ProviderStrategy {
  readonly type = 'anthropic' as const;

  toUpstreamRequest(chat: ChatCompletionRequest, model: ModelConfig): UpstreamRequestBody {
    const body = toAnthropicRequest(chat, model);
    return { body, stream: body.stream };
  }

  fromUpstreamResponse(body: unknown, ctx: ChatResponseContext): ChatCompletion {
    return fromAnthropicResponse(body, ctx);
  }

  createStreamConverter(ctx: ChatResponseContext): ChatStreamConverter {
    return new AnthropicStreamConverter(ctx);
  }
}
