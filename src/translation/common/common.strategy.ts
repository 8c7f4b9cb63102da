import { Injectable } from '@nestjs/common';
import type { ModelConfig } from '../../config/app-config';
import type { ChatCompletion, ChatCompletionRequest } from '../chat-completions.types';
import type {
  ChatResponseContext,
  ChatStreamConverter,
  ProviderStrategy,
  UpstreamRequestBody,
} from '../provider-strategy';
import { CommonStreamConverter } from './common-stream-converter';
import { fromCommonResponse } from './from-common-response';
import { toCommonRequest } from './to-common-request';

/** Upstream type `common`: a Chat Completions endpoint, so translation is a pass-through. */
@Injectable()
export class CommonStrategy implements ProviderStrategy {
  readonly type = 'common' as const;

  toUpstreamRequest(chat: ChatCompletionRequest, model: ModelConfig): UpstreamRequestBody {
    return { body: toCommonRequest(chat, model), stream: chat.stream === true };
  }

  fromUpstreamResponse(body: unknown, ctx: ChatResponseContext): ChatCompletion {
    return fromCommonResponse(body, ctx);
  }

  createStreamConverter(ctx: ChatResponseContext): ChatStreamConverter {
    return new CommonStreamConverter(ctx);
  }
}
