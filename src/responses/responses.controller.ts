import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TransparentService } from '../transparent/transparent.service';

/** OpenAI Responses for openai-type models (Codex CLI, the openai SDK's `responses.create`). */
@Controller('v1/responses')
export class ResponsesController {
  constructor(private readonly transparent: TransparentService) {}

  @Post()
  create(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.transparent.forward('responses', req, res);
  }
}
