import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { TransparentModule } from '../transparent/transparent.module';
import { ResponsesController } from './responses.controller';

@Module({ imports: [TransparentModule, FactoryModule], controllers: [ResponsesController] })
export class ResponsesModule {}
