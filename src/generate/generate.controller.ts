import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TransparentProxyService } from '../proxy/transparent-proxy.service';

/** Factory's Gemini-style generate endpoint for google-type models. */
@Controller('v1/generate')
export class GenerateController {
  constructor(private readonly proxy: TransparentProxyService) {}

  @Post()
  create(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.proxy.forward('generate', req, res);
  }
}
