import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TransparentService } from '../transparent/transparent.service';

/** Factory's Gemini-style generate endpoint for google-type models. */
@Controller('v1/generate')
export class GenerateController {
  constructor(private readonly transparent: TransparentService) {}

  @Post()
  create(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.transparent.forward('generate', req, res);
  }
}
