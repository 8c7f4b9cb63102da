import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { parseTrustedForwarders, type TrustedForwarders } from '../config/trusted-forwarders';
import { clientAddress } from './client-address';

/** The client's IP for rate limits and usage events, trusting X-Forwarded-For only from TRUSTED_PROXIES peers. */
@Injectable()
export class ClientIpResolver {
  private readonly trusted: TrustedForwarders;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Already validated when the configuration was loaded.
    this.trusted = parseTrustedForwarders(config.trustedForwarders);
  }

  clientIp(req: Request): string | undefined {
    return clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.trusted);
  }
}
