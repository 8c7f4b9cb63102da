import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { FactoryCallService } from './factory-call.service';
import { TransparentProxyService } from './transparent-proxy.service';
import { OutboundModule } from '../outbound/outbound.module';

@Module({
  imports: [OutboundModule, ModelsModule],
  providers: [FactoryCallService, TransparentProxyService],
  exports: [FactoryCallService, TransparentProxyService],
})
export class ProxyModule {}
