import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { TransparentModule } from '../transparent/transparent.module';
import { MessagesController } from './messages.controller';

@Module({ imports: [TransparentModule, FactoryModule], controllers: [MessagesController] })
export class MessagesModule {}
