import { Body, Controller, Post, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import type { CallContext } from '../core/http/call-context';
import { Call } from '../core/http/call.decorator';
import { FactoryIdentityInterceptor } from '../factory/factory-identity.interceptor';
import { ChatCompletionsService } from './chat-completions.service';

/** OpenAI Chat Completions for every model type (IDE plugins, the openai SDK, LangChain, Open WebUI). */
@UseInterceptors(FactoryIdentityInterceptor)
@Controller('v1/chat/completions')
export class ChatController {
  constructor(private readonly chat: ChatCompletionsService) {}

  @Post()
  create(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.chat.complete(call, body, res);
  }
}
