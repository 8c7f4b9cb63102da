import { Module } from '@nestjs/common';
import { FactoryModule } from '../factory/factory.module';
import { HubRouteModule } from '../hub-route/hub-route.module';
import { SseResponseModule } from '../sse-response/sse-response.module';
import { ChatPassthroughService } from './chat-passthrough.service';
import { ChatController } from './chat.controller';

@Module({
  imports: [FactoryModule, HubRouteModule, SseResponseModule],
  controllers: [ChatController],
  providers: [ChatPassthroughService],
})
export class ChatModule {}
