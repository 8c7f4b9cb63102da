import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { SseResponseModule } from '../sse-response/sse-response.module';
import { TranslationModule } from '../translation/translation.module';
import { ChatCompletionsService } from './chat-completions.service';
import { ChatController } from './chat.controller';

@Module({
  imports: [FactoryModule, TranslationModule, SseResponseModule],
  controllers: [ChatController],
  providers: [ChatCompletionsService],
})
export class ChatModule {}
