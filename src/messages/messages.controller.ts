import { Body, Controller, Post, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import type { CallContext } from '../core/http/call-context';
import { Call } from '../core/http/call.decorator';
import { FactoryIdentityInterceptor } from '../factory/factory-identity.interceptor';
import { TransparentService } from '../transparent/transparent.service';

/** Anthropic Messages for anthropic-type models (Claude Code sends `?beta=true`; any query string is accepted). */
@UseInterceptors(FactoryIdentityInterceptor)
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly transparent: TransparentService) {}

  @Post()
  create(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.transparent.forward('messages', call, body, res);
  }

  @Post('count_tokens')
  countTokens(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.transparent.forward('count_tokens', call, body, res);
  }
}
