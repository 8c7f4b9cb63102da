import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ChatCompletionsService } from './chat-completions.service';

/** OpenAI Chat Completions for every model type (IDE plugins, the openai SDK, LangChain, Open WebUI). */
@Controller('v1/chat/completions')
export class ChatController {
  constructor(private readonly chat: ChatCompletionsService) {}

  @Post()
  create(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.chat.complete(req, res);
  }
}
