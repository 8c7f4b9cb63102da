import { Global, Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { AuthRefreshScheduler } from './auth-refresh.scheduler';
import { AuthService } from './auth.service';
import { WorkosClient } from './workos/workos-client.service';

/** The credential chain, WorkOS refresh and its schedule. Global: every upstream call goes through AuthService. */
@Global()
@Module({
  imports: [OutboundModule],
  providers: [AuthService, WorkosClient, AuthRefreshScheduler],
  exports: [AuthService, WorkosClient],
})
export class AuthModule {}
