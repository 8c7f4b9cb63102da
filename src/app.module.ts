import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AccessModule } from './access/access.module';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { ChatModule } from './chat/chat.module';
import { GenerateModule } from './generate/generate.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MessagesModule } from './messages/messages.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelsModule } from './models/models.module';
import { RedisModule } from './redis/redis.module';
import { ResponsesModule } from './responses/responses.module';
import { RootController } from './root.controller';
import { SecurityModule } from './security/security.module';
import { UsageModule } from './usage/usage.module';

/**
 * The root: configuration and the metrics registry are global; every other module is imported by the modules that use
 * it, so the import lines show the real dependencies (and the folder-cycle test in src/folder-dependencies.spec.ts keeps them
 * free of loops).
 */
@Module({})
export class AppModule {
  /** `config` is AppConfigModule's: @nestjs/config with the validated configuration. */
  static forRoot(config: DynamicModule): DynamicModule {
    return {
      module: AppModule,
      imports: [
        config,
        ScheduleModule.forRoot(),
        HealthModule,
        RedisModule,
        LifecycleModule,
        MetricsModule,
        AccessModule,
        UsageModule,
        AuthModule,
        SecurityModule,
        AdminModule,
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
