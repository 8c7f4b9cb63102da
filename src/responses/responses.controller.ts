import { Body, Controller, Post, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import type { CallContext } from '../core/http/call-context';
import { Call } from '../core/http/call.decorator';
import { FactoryIdentityInterceptor } from '../factory/factory-identity.interceptor';
import { TransparentService } from '../transparent/transparent.service';

/** OpenAI Responses for openai-type models (Codex CLI, the openai SDK's `responses.create`). */
@UseInterceptors(FactoryIdentityInterceptor)
@Controller('v1/responses')
export class ResponsesController {
  constructor(private readonly transparent: TransparentService) {}

  @Post()
  create(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.transparent.forward('responses', call, body, res);
  }
}
