import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { UpstreamError } from '../../outbound/upstream-error';
import { UpstreamClient } from '../../outbound/upstream-client.service';
import type { RefreshedTokens } from '../token-lifecycle';
import { TokenRefreshError } from '../token-refresh-error';
import { parseWorkosResponse } from './parse-workos-response';

// WorkOS answers with a few hundred bytes; anything far larger is not a token response.
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The WorkOS refresh grant, sent through the same client as Factory calls so that it uses the outbound proxy rotation
 * and its connect timeout; the whole call is bounded by `workos.timeoutMs`.
 */
@Injectable()
export class WorkosClient {
  private readonly logger = new Logger('WorkOS');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: UpstreamClient,
  ) {}

  async refresh(refreshToken: string): Promise<RefreshedTokens> {
    const { authUrl, clientId, timeoutMs } = this.config.workos;
    const signal = AbortSignal.timeout(timeoutMs);
    const timedOut = () => new TokenRefreshError(`WorkOS did not answer within ${timeoutMs} ms`);
    let status: number;
    let text: string;
    try {
      const response = await this.http.post({
        url: authUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId }).toString(),
        signal,
      });
      status = response.status;
      text = await readCapped(response.body, MAX_BODY_BYTES);
    } catch (error) {
      if (signal.aborted) throw timedOut();
      if (error instanceof TokenRefreshError) throw error;
      // The message reaches /health and the 503 clients get: WorkOS's address (maybe an internal one) stays in the log.
      if (error instanceof UpstreamError) {
        this.logger.warn({ upstream: error.details.target, error: error.message }, 'WorkOS call failed');
      }
      throw new TokenRefreshError(`WorkOS refresh failed: ${(error as Error).message}`, false, { cause: error });
    }
    return parseWorkosResponse(status, text, refreshToken);
  }
}

async function readCapped(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new TokenRefreshError(`WorkOS answered with more than ${limit} bytes`);
      chunks.push(chunk as Buffer);
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}
