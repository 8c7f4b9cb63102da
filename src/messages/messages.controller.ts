import { Body, Controller, Post, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import type { CallContext } from '../core/http/call-context';
import { Call } from '../core/http/call.decorator';
import { FactoryIdentityInterceptor } from '../factory/factory-identity.interceptor';
import { SystemPromptInterceptor } from '../factory/system-prompt.interceptor';
import { HubRouteService } from '../hub-route/hub-route.service';
import { TransparentService } from '../transparent/transparent.service';

/**
 * Anthropic Messages for every model type (Claude Code sends `?beta=true`; any query string is accepted): anthropic
 * models transparently, the others through the translation hub.
 */
@UseInterceptors(FactoryIdentityInterceptor, SystemPromptInterceptor)
@Controller('v1/messages')
export class MessagesController {
  constructor(
    private readonly hub: HubRouteService,
    private readonly transparent: TransparentService,
  ) {}

  @Post()
  create(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.hub.serve('anthropic-messages', call, body, res, (native) => this.transparent.forward('messages', call, native, res));
  }

  /** A local estimate for models of other families: no upstream call. */
  @Post('count_tokens')
  countTokens(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.hub.countTokens('anthropic-messages', call, body, res, (native) => this.transparent.forward('count_tokens', call, native, res));
  }
}
