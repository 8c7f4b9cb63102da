import { Module } from '@nestjs/common';
import { OutboundModule } from '../../outbound/outbound.module';
import { WorkosClient } from './workos-client.service';

/** The WorkOS token exchange, shared by the credential chain (AuthModule) and the accounts pool. */
@Module({ imports: [OutboundModule], providers: [WorkosClient], exports: [WorkosClient] })
export class WorkosModule {}
