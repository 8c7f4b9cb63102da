import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { TransparentProxyService } from './transparent-proxy.service';
import { UpstreamClient } from './upstream-client.service';

@Module({
  imports: [ModelsModule],
  providers: [UpstreamClient, TransparentProxyService],
  exports: [UpstreamClient, TransparentProxyService],
})
export class ProxyModule {}
