import { Body, Controller, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { CallContext } from '../core/http/call-context';
import { Call } from '../core/http/call.decorator';
import { ChatCompletionsService } from './chat-completions.service';

/** OpenAI Chat Completions for every model type (IDE plugins, the openai SDK, LangChain, Open WebUI). */
@Controller('v1/chat/completions')
export class ChatController {
  constructor(private readonly chat: ChatCompletionsService) {}

  @Post()
  create(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.chat.complete(call, body, res);
  }
}
