import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import type { RefreshLock } from '../credentials/refresh-lock';
import { WorkosModule } from '../credentials/workos/workos.module';
import { HealthModule } from '../health/health.module';
import type { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { REDIS, REFRESH_LOCK } from '../redis/redis.tokens';
import { AuthRefreshScheduler } from './auth-refresh.scheduler';
import { AuthService } from './auth.service';
import type { SharedTokens } from './credential-chain';
import { SHARED_TOKENS } from './shared-tokens';
import { RedisTokenStore } from './sources/redis-token-store';

/** The credential chain (the accounts pool first, when it holds accounts), WorkOS refresh and its schedule. */
@Module({
  imports: [AccountsModule, WorkosModule, HealthModule, RedisModule],
  providers: [
    AuthService,
    AuthRefreshScheduler,
    {
      provide: SHARED_TOKENS,
      inject: [REFRESH_LOCK, REDIS],
      useFactory: (lock: RefreshLock | null, redis: RedisConnection | null): SharedTokens | null =>
        redis && lock ? { lock, store: (name, seed, newChainFromSeed) => new RedisTokenStore(redis, name, seed, newChainFromSeed) } : null,
    },
  ],
  exports: [AuthService],
})
export class AuthModule {}
