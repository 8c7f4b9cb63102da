import { Global, Module } from '@nestjs/common';
import { LatestVersionClient } from './latest-version.client';
import { UserAgentService } from './user-agent.service';

@Global()
@Module({ providers: [LatestVersionClient, UserAgentService], exports: [UserAgentService] })
export class VersionModule {}
