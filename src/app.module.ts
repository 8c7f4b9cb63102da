import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from './config/app-config';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuthModule } from './auth/auth.module';
import { ChatModule } from './chat/chat.module';
import { ConfigModule } from './config/config.module';
import { GenerateModule } from './generate/generate.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MessagesModule } from './messages/messages.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelsModule } from './models/models.module';
import { ResponsesModule } from './responses/responses.module';
import { RootController } from './root.controller';
import { UsageModule } from './usage/usage.module';
import { VersionModule } from './version/version.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ScheduleModule.forRoot(),
        HealthModule,
        LifecycleModule,
        MetricsModule,
        AccessModule,
        UsageModule,
        VersionModule,
        AuthModule,
        AccountsModule,
        ModelsModule,
        MessagesModule,
        ResponsesModule,
        GenerateModule,
        ChatModule,
      ],
      controllers: [RootController],
    };
  }
}
