import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TransparentService } from '../transparent/transparent.service';

/** Anthropic Messages for anthropic-type models (Claude Code sends `?beta=true`; any query string is accepted). */
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly transparent: TransparentService) {}

  @Post()
  create(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.transparent.forward('messages', req, res);
  }

  @Post('count_tokens')
  countTokens(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.transparent.forward('count_tokens', req, res);
  }
}
