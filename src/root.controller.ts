import { Controller, Get } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const { name, version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

export const ENDPOINTS = [
  'GET /v1/models',
  'GET /v1/models/:id',
  'POST /v1/chat/completions',
  'POST /v1/responses',
  'POST /v1/messages',
  'POST /v1/messages/count_tokens',
  'POST /v1/generate',
  'GET /health',
  'GET /health/live',
  'GET /metrics',
];

@Controller()
export class RootController {
  @Get()
  info(): { name: string; version: string; endpoints: string[] } {
    return { name, version, endpoints: ENDPOINTS };
  }
}
