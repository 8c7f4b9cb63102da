import { Module } from '@nestjs/common';
import { ProxyModule } from '../proxy/proxy.module';
import { ResponsesController } from './responses.controller';

@Module({ imports: [ProxyModule], controllers: [ResponsesController] })
export class ResponsesModule {}
