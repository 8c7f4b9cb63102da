import { Injectable } from '@nestjs/common';
import type { UpstreamProvider } from '../upstream-provider';
import { GoogleCodec } from './google.codec';

/** Upstream type `google`: Factory's Gemini-style generate endpoint. */
@Injectable()
export class GoogleProvider implements UpstreamProvider {
  readonly type = 'google' as const;
  readonly codec = new GoogleCodec();
}
