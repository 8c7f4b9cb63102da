import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { FactoryCallService } from './factory-call.service';
import { TransparentProxyService } from './transparent-proxy.service';
import { UpstreamClient } from './upstream-client.service';

@Module({
  imports: [ModelsModule],
  providers: [UpstreamClient, FactoryCallService, TransparentProxyService],
  exports: [UpstreamClient, FactoryCallService, TransparentProxyService],
})
export class ProxyModule {}
