import { Injectable } from '@nestjs/common';
import type { UpstreamProvider } from '../upstream-provider';
import { OpenAiResponsesCodec } from './openai-responses.codec';

/** Upstream type `openai`: the Responses API. */
@Injectable()
export class OpenAiResponsesProvider implements UpstreamProvider {
  readonly type = 'openai' as const;
  readonly codec = new OpenAiResponsesCodec();
}
