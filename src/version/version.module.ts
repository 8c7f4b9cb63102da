import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { LatestVersionClient } from './latest-version.client';
import { UserAgentService } from './user-agent.service';

@Module({ imports: [OutboundModule], providers: [LatestVersionClient, UserAgentService], exports: [UserAgentService] })
export class VersionModule {}
