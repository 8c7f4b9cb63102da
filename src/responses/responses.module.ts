import { Module } from '@nestjs/common';
import { TransparentModule } from '../transparent/transparent.module';
import { ResponsesController } from './responses.controller';

@Module({ imports: [TransparentModule], controllers: [ResponsesController] })
export class ResponsesModule {}
