import { Controller, Get, Inject } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from './config/app-config';

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

/** Listed only when ADMIN_API_KEY turns the admin API on. */
export const ADMIN_ENDPOINTS = ['GET /admin/accounts', 'POST /admin/accounts', 'PATCH /admin/accounts/:id', 'DELETE /admin/accounts/:id'];

@Controller()
export class RootController {
  private readonly endpoints: string[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.endpoints = config.adminApiKey ? [...ENDPOINTS, ...ADMIN_ENDPOINTS] : ENDPOINTS;
  }

  @Get()
  info(): { name: string; version: string; endpoints: string[] } {
    return { name, version, endpoints: this.endpoints };
  }
}
