import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { HubRouteModule } from '../hub-route/hub-route.module';
import { TransparentModule } from '../transparent/transparent.module';
import { ResponsesController } from './responses.controller';

@Module({ imports: [FactoryModule, HubRouteModule, TransparentModule], controllers: [ResponsesController] })
export class ResponsesModule {}
