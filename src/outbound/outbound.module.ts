import { Module } from '@nestjs/common';
import { UpstreamClient } from './upstream-client.service';

/**
 * The ground floor for every call leaving the gateway (Factory, WorkOS, Factory's LATEST file): one undici pool per
 * origin and the outbound proxy rotation. It depends on configuration only, so any feature can import it without a
 * loop back through the features that use it.
 */
@Module({ providers: [UpstreamClient], exports: [UpstreamClient] })
export class OutboundModule {}
