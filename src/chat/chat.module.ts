import { Module } from '@nestjs/common';
import { ProxyModule } from '../proxy/proxy.module';
import { TranslationModule } from '../translation/translation.module';
import { ChatCompletionsService } from './chat-completions.service';
import { ChatController } from './chat.controller';

@Module({
  imports: [ProxyModule, TranslationModule],
  controllers: [ChatController],
  providers: [ChatCompletionsService],
})
export class ChatModule {}
