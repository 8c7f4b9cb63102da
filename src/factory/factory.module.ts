import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ModelsModule } from '../models/models.module';
import { OutboundModule } from '../outbound/outbound.module';
import { UpstreamModule } from '../translation/upstream/upstream.module';
import { VersionModule } from '../version/version.module';
import { FactoryCallService } from './factory-call.service';

/**
 * One call to Factory on behalf of a client request: model resolution, Factory edits and headers, the credential.
 * Controllers that bind FactoryIdentityInterceptor import this module, which re-exports what the interceptor injects.
 */
@Module({
  imports: [OutboundModule, AuthModule, ModelsModule, VersionModule, UpstreamModule],
  providers: [FactoryCallService],
  exports: [FactoryCallService, VersionModule],
})
export class FactoryModule {}
