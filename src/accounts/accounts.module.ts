import { Global, Module } from '@nestjs/common';
import { ACCOUNT_POOL } from '../auth/account-pool';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AdminAccountsService } from './admin/admin-accounts.service';
import { AdminKeyGuard } from './admin/admin-key.guard';
import { AdminController } from './admin/admin.controller';
import { AccountPoolService } from './pool/account-pool.service';
import { AccountsService } from './pool/accounts.service';
import { ACCOUNTS_STORE } from './store/accounts-store';
import { JsonFileAccountsStore } from './store/json-file-accounts-store';

/**
 * The accounts pool. Global so that AuthService (in the global AuthModule) can inject ACCOUNT_POOL, which puts the
 * pool at the top of the credential chain when accounts.json holds accounts.
 */
@Global()
@Module({
  controllers: [AdminController],
  providers: [
    {
      provide: ACCOUNTS_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new JsonFileAccountsStore(config.accountsPath, { pollMs: config.accountsPollMs }),
    },
    AccountsService,
    AccountPoolService,
    { provide: ACCOUNT_POOL, useExisting: AccountPoolService },
    AdminAccountsService,
    AdminKeyGuard,
  ],
  exports: [ACCOUNT_POOL, AccountsService],
})
export class AccountsModule {}
