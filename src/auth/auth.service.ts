import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { requestContext } from '../common/http/request-context';
import { ReadinessRegistry } from '../health/readiness.registry';
import type { UpstreamResponse } from '../proxy/upstream-response';
import { ACCOUNT_POOL, type AccountPool } from './account-pool';
import { selectCredentialSource } from './credential-chain';
import type { CredentialHealth, CredentialSource, CredentialSourceName, UpstreamAttempt } from './credential-source';
import { WorkosClient } from './workos/workos-client.service';

export type { UpstreamAttempt };

// A 401 body is a short JSON error; it is held while the credential is renewed, then passed on if there is no retry.
const MAX_HELD_BODY_BYTES = 64 * 1024;

/**
 * The credential seam every upstream call goes through. Callers never pick a credential themselves: they hand over an
 * attempt, and this service decides which credential to use and whether a refused attempt is retried once with a
 * refreshed token (before any byte reached the client).
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger('Auth');
  private source!: CredentialSource;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workos: WorkosClient,
    private readonly readiness: ReadinessRegistry,
    @Optional() @Inject(ACCOUNT_POOL) private readonly pool?: AccountPool,
  ) {}

  async onModuleInit(): Promise<void> {
    this.source = await selectCredentialSource({
      config: this.config,
      exchange: (refreshToken) => this.workos.refresh(refreshToken),
      logger: this.logger,
      pool: this.pool,
    });
    await this.source.init?.();
    this.logger.log({ source: this.source.name }, 'upstream credential source');
    this.readiness.register('credentials', () => this.health());
  }

  get sourceName(): CredentialSourceName {
    return this.source.name;
  }

  health(): CredentialHealth {
    return this.source.health();
  }

  /** The first refresh; never rejects. */
  async start(): Promise<void> {
    await this.source.start?.();
  }

  /** The periodic check; never rejects. */
  async tick(): Promise<void> {
    await this.source.tick?.();
  }

  /** The upstream `authorization` for this request. */
  async authorizationFor(req: Request): Promise<string> {
    return (await this.source.acquire(req)).authorization;
  }

  /**
   * Runs an upstream attempt with the chosen credential; a 401 to a refreshable one is retried once after a refresh.
   * A source with its own `send` (the accounts pool, which fails over between accounts) runs the call itself.
   */
  async send(req: Request, attempt: UpstreamAttempt): Promise<UpstreamResponse> {
    if (req.res) requestContext(req.res).credentialSource = this.source.name;
    if (this.source.send) return this.source.send(req, attempt);
    const lease = await this.source.acquire(req);
    const response = await attempt(lease.authorization);
    if (response.status !== 401 || !lease.renew) return response;

    const held = await readHeld(response.body);
    const renewed = await lease.renew();
    if (renewed === undefined) return { ...response, body: Readable.from([held], { objectMode: false }) };
    this.logger.log({ source: this.source.name }, 'upstream refused the access token; retrying once with a refreshed one');
    return attempt(renewed);
  }
}

async function readHeld(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > MAX_HELD_BODY_BYTES) break;
      chunks.push(chunk as Buffer);
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks);
}
