import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuthModule } from '../auth/auth.module';
import { HealthModule } from '../health/health.module';
import { OpenGatewayNotice } from './open-gateway.notice';

/** The start-up security notices; the request-path security middleware is registered by createApp. */
@Module({
  imports: [AccessModule, AuthModule, HealthModule],
  providers: [OpenGatewayNotice],
})
export class SecurityModule {}
