import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ACCOUNT_POOL } from '../credentials/account-pool';
import { WorkosModule } from '../credentials/workos/workos.module';
import { HealthModule } from '../health/health.module';
import { AccountPoolService } from './pool/account-pool.service';
import { AccountsService } from './pool/accounts.service';
import { ACCOUNTS_STORE } from './store/accounts-store';
import { JsonFileAccountsStore } from './store/json-file-accounts-store';

/**
 * The accounts pool: the accounts store, per-account token lifecycles and health, and the pool as a credential source
 * (ACCOUNT_POOL), which AuthModule imports to put it at the top of the credential chain when it holds accounts.
 */
@Module({
  imports: [WorkosModule, HealthModule],
  providers: [
    {
      provide: ACCOUNTS_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new JsonFileAccountsStore(config.accountsPath, { pollMs: config.accountsPollMs }),
    },
    AccountsService,
    AccountPoolService,
    { provide: ACCOUNT_POOL, useExisting: AccountPoolService },
  ],
  exports: [ACCOUNT_POOL, AccountsService],
})
export class AccountsModule {}
