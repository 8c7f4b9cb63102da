import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuthModule } from '../auth/auth.module';
import { AdminAccountsService } from './admin-accounts.service';
import { AdminKeyGuard } from './admin-key.guard';
import { AdminController } from './admin.controller';

/** The /admin/accounts API (404 while ADMIN_API_KEY is unset). */
@Module({
  imports: [AccountsModule, AuthModule],
  controllers: [AdminController],
  providers: [AdminAccountsService, AdminKeyGuard],
})
export class AdminModule {}
