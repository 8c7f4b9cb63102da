import { Body, Controller, Post, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import type { CallContext } from '../core/http/call-context';
import { Call } from '../core/http/call.decorator';
import { FactoryIdentityInterceptor } from '../factory/factory-identity.interceptor';
import { SystemPromptInterceptor } from '../factory/system-prompt.interceptor';
import { TransparentService } from '../transparent/transparent.service';

/** Factory's Gemini-style generate endpoint for google-type models. */
@UseInterceptors(FactoryIdentityInterceptor, SystemPromptInterceptor)
@Controller('v1/generate')
export class GenerateController {
  constructor(private readonly transparent: TransparentService) {}

  @Post()
  create(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.transparent.forward('generate', call, body, res);
  }
}
