import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { HubRouteModule } from '../hub-route/hub-route.module';
import { TransparentModule } from '../transparent/transparent.module';
import { MessagesController } from './messages.controller';

@Module({ imports: [FactoryModule, HubRouteModule, TransparentModule], controllers: [MessagesController] })
export class MessagesModule {}
