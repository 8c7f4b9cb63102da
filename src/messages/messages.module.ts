import { Module } from '@nestjs/common';
import { TransparentModule } from '../transparent/transparent.module';
import { MessagesController } from './messages.controller';

@Module({ imports: [TransparentModule], controllers: [MessagesController] })
export class MessagesModule {}
