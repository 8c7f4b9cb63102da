import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from './config/config.module';
import { GenerateModule } from './generate/generate.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MessagesModule } from './messages/messages.module';
import { ModelsModule } from './models/models.module';
import { ResponsesModule } from './responses/responses.module';
import { RootController } from './root.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        HealthModule,
        LifecycleModule,
        AuthModule,
        ModelsModule,
        MessagesModule,
        ResponsesModule,
        GenerateModule,
      ],
      controllers: [RootController],
    };
  }
}
