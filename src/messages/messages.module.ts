import { Module } from '@nestjs/common';
import { ProxyModule } from '../proxy/proxy.module';
import { MessagesController } from './messages.controller';

@Module({ imports: [ProxyModule], controllers: [MessagesController] })
export class MessagesModule {}
