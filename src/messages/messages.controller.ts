import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TransparentProxyService } from '../proxy/transparent-proxy.service';

/** Anthropic Messages for anthropic-type models (Claude Code sends `?beta=true`; any query string is accepted). */
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly proxy: TransparentProxyService) {}

  @Post()
  create(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.proxy.forward('messages', req, res);
  }

  @Post('count_tokens')
  countTokens(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.proxy.forward('count_tokens', req, res);
  }
}
