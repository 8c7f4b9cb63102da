import { Global, Module } from '@nestjs/common';
import { ProxyModule } from '../proxy/proxy.module';
import { LatestVersionClient } from './latest-version.client';
import { UserAgentService } from './user-agent.service';

@Global()
@Module({ imports: [ProxyModule], providers: [LatestVersionClient, UserAgentService], exports: [UserAgentService] })
export class VersionModule {}
