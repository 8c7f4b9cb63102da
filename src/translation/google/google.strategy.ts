import { Injectable } from '@nestjs/common';
import type { ModelConfig } from '../../config/app-config';
import type { ChatCompletion, ChatCompletionRequest } from '../chat-completions.types';
import type {
  ChatResponseContext,
  ChatStreamConverter,
  ProviderStrategy,
  UpstreamRequestBody,
} from '../provider-strategy';
import { fromGoogleResponse } from './from-google-response';
import { GoogleStreamConverter } from './google-stream-converter';
import { toGoogleRequest } from './to-google-request';

@Injectable()
export class GoogleStrategy implements ProviderStrategy {
  readonly type = 'google' as const;

  toUpstreamRequest(chat: ChatCompletionRequest, model: ModelConfig): UpstreamRequestBody {
    const body = toGoogleRequest(chat, model);
    return { body, stream: body.stream };
  }

  fromUpstreamResponse(body: unknown, ctx: ChatResponseContext): ChatCompletion {
    return fromGoogleResponse(body, ctx);
  }

  createStreamConverter(ctx: ChatResponseContext): ChatStreamConverter {
    return new GoogleStreamConverter(ctx);
  }
}
