import { Body, Controller, Post, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import type { CallContext } from '../core/http/call-context';
import { Call } from '../core/http/call.decorator';
import { FactoryIdentityInterceptor } from '../factory/factory-identity.interceptor';
import { SystemPromptInterceptor } from '../factory/system-prompt.interceptor';
import { HubRouteService } from '../hub-route/hub-route.service';
import { ChatPassthroughService } from './chat-passthrough.service';

/**
 * OpenAI Chat Completions for every model type (IDE plugins, the openai SDK, LangChain, Open WebUI): `common` models,
 * whose upstream speaks Chat Completions, pass through; the others go through the translation hub.
 */
@UseInterceptors(FactoryIdentityInterceptor, SystemPromptInterceptor)
@Controller('v1/chat/completions')
export class ChatController {
  constructor(
    private readonly hub: HubRouteService,
    private readonly passthrough: ChatPassthroughService,
  ) {}

  @Post()
  create(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.hub.serve('chat-completions', call, body, res, (native) => this.passthrough.complete(call, native, res));
  }
}
