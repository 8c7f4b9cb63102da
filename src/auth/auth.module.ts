import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { WorkosModule } from '../credentials/workos/workos.module';
import { HealthModule } from '../health/health.module';
import { AuthRefreshScheduler } from './auth-refresh.scheduler';
import { AuthService } from './auth.service';

/** The credential chain (the accounts pool first, when it holds accounts), WorkOS refresh and its schedule. */
@Module({
  imports: [AccountsModule, WorkosModule, HealthModule],
  providers: [AuthService, AuthRefreshScheduler],
  exports: [AuthService],
})
export class AuthModule {}
