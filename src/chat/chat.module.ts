import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { TranslationModule } from '../translation/translation.module';
import { ChatCompletionsService } from './chat-completions.service';
import { ChatController } from './chat.controller';

@Module({
  imports: [FactoryModule, LifecycleModule, TranslationModule],
  controllers: [ChatController],
  providers: [ChatCompletionsService],
})
export class ChatModule {}
