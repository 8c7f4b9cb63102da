import { Injectable } from '@nestjs/common';
import type { UpstreamProvider } from '../upstream-provider';
import { ChatCompletionsCodec } from './chat-completions.codec';

/** Upstream type `common`: a Chat Completions endpoint. */
@Injectable()
export class ChatCompletionsProvider implements UpstreamProvider {
  readonly type = 'common' as const;
  readonly codec = new ChatCompletionsCodec();
}
