import { Injectable } from '@nestjs/common';
import type { UpstreamProvider } from '../upstream-provider';
import { AnthropicCodec } from './anthropic.codec';

/** Upstream type `anthropic`: the Messages API. */
@Injectable()
export class AnthropicProvider implements UpstreamProvider {
  readonly type = 'anthropic' as const;
  readonly codec = new AnthropicCodec();
}
