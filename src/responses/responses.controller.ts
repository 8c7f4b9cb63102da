import { Body, Controller, Post, Res, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import type { CallContext } from '../core/http/call-context';
import { Call } from '../core/http/call.decorator';
import { FactoryIdentityInterceptor } from '../factory/factory-identity.interceptor';
import { SystemPromptInterceptor } from '../factory/system-prompt.interceptor';
import { HubRouteService } from '../hub-route/hub-route.service';
import { TransparentService } from '../transparent/transparent.service';

/**
 * OpenAI Responses for every model type (Codex CLI, the openai SDK's `responses.create`): openai models
 * transparently, the others through the translation hub.
 */
@UseInterceptors(FactoryIdentityInterceptor, SystemPromptInterceptor)
@Controller('v1/responses')
export class ResponsesController {
  constructor(
    private readonly hub: HubRouteService,
    private readonly transparent: TransparentService,
  ) {}

  @Post()
  create(@Call() call: CallContext, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.hub.serve('openai-responses', call, body, res, (native) => this.transparent.forward('responses', call, native, res));
  }
}
