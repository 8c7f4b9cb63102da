import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ACCOUNT_POOL } from '../credentials/account-pool';
import { WorkosModule } from '../credentials/workos/workos.module';
import { HealthModule } from '../health/health.module';
import { AccountPoolService } from './pool/account-pool.service';
import { AccountsService } from './pool/accounts.service';
import type { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { REDIS } from '../redis/redis.tokens';
import { RedisAccountsStore } from './store/redis-accounts-store';
import { ACCOUNTS_SEED, ACCOUNTS_STORE } from './store/accounts-store';
import { JsonFileAccountsStore } from './store/json-file-accounts-store';

/**
 * The accounts pool: the accounts store, per-account token lifecycles and health, and the pool as a credential source
 * (ACCOUNT_POOL), which AuthModule imports to put it at the top of the credential chain when it holds accounts.
 */
@Module({
  imports: [WorkosModule, HealthModule, RedisModule],
  providers: [
    {
      provide: ACCOUNTS_STORE,
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: RedisConnection | null) =>
        redis ? new RedisAccountsStore(redis) : new JsonFileAccountsStore(config.accountsPath, { pollMs: config.accountsPollMs }),
    },
    {
      provide: ACCOUNTS_SEED,
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: RedisConnection | null) =>
        redis ? new JsonFileAccountsStore(config.accountsPath, { pollMs: config.accountsPollMs }) : null,
    },
    AccountsService,
    AccountPoolService,
    { provide: ACCOUNT_POOL, useExisting: AccountPoolService },
  ],
  exports: [ACCOUNT_POOL, AccountsService],
})
export class AccountsModule {}
