// The benchmark's reference: the least a NestJS 12 + Express gateway in front of Factory must do, and nothing more.
// One controller parses the JSON body, puts the system prompt first, adds the Factory headers, forwards with undici
// and copies the answer back (or pipes the stream). No logs, metrics, keepalive, usage, drain or error formats: the
// gap between this and droid2api is the price of those. Started by `npm run bench`; never part of the product. With
// FORWARDER_CARD=1 it also carries the design card's stack (see card-stack.ts).
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post, Req, Res, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';
import { CardStackModule, cardInterceptors, type CardRequest } from './card-stack';

const UPSTREAM_URL = required('FORWARDER_UPSTREAM_URL');
const SYSTEM_PROMPT = process.env.FORWARDER_SYSTEM_PROMPT ?? '';
const USER_AGENT = process.env.FORWARDER_USER_AGENT ?? 'factory-cli/0.0.0';
const API_KEY = required('FORWARDER_API_KEY');
const CARD = process.env.FORWARDER_CARD === '1';

// No per-origin connection cap, as undici's default; keep-alive like any gateway's upstream pool.
const agent = new Agent({ keepAliveTimeout: 30_000 });

@Controller('v1/messages')
class MessagesController {
  @Post()
  @HttpCode(200)
  async create(@Req() req: CardRequest, @Res() res: Response): Promise<void> {
    const body = req.body as Record<string, unknown>;
    const stream = body.stream === true;
    const upstream = await request(UPSTREAM_URL, {
      method: 'POST',
      dispatcher: agent,
      body: JSON.stringify({ ...body, system: withPromptFirst(body.system, req.systemPrompt ?? SYSTEM_PROMPT) }),
      headers: factoryHeaders(req, stream),
    });
    res.status(upstream.statusCode);
    res.setHeader('content-type', upstream.headers['content-type'] ?? 'application/json');
    if (stream) {
      res.setHeader('cache-control', 'no-cache');
      await pipeline(upstream.body, res);
      return;
    }
    res.end(Buffer.from(await upstream.body.arrayBuffer()));
  }
}

function withPromptFirst(system: unknown, prompt: string): unknown[] {
  const own = Array.isArray(system) ? system : typeof system === 'string' ? [{ type: 'text', text: system }] : [];
  return prompt ? [{ type: 'text', text: prompt }, ...own] : own;
}

function factoryHeaders(req: CardRequest, stream: boolean): Record<string, string> {
  const identity = req.factoryIdentity ?? { sessionId: randomUUID(), messageId: randomUUID(), userAgent: USER_AGENT };
  return {
    'content-type': 'application/json',
    accept: 'application/json',
    authorization: `Bearer ${API_KEY}`,
    'x-api-provider': 'anthropic',
    'x-factory-client': 'cli',
    'x-session-id': identity.sessionId,
    'x-assistant-message-id': identity.messageId,
    'user-agent': identity.userAgent,
    'anthropic-version': String(req.headers['anthropic-version'] ?? '2023-06-01'),
    'x-stainless-helper-method': stream ? 'stream' : '',
  };
}

@Module({})
class ForwarderModule {
  static create(): DynamicModule {
    return { module: ForwarderModule, imports: CARD ? [CardStackModule] : [], controllers: [MessagesController] };
  }
}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(ForwarderModule.create(), { logger: false, bodyParser: false });
  app.useBodyParser('json', { limit: '50mb' });
  if (CARD) app.useGlobalInterceptors(...cardInterceptors());
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  // A clean exit on SIGTERM, so `node --cpu-prof` writes its profile.
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`forwarder failed: ${String(error)}\n`);
  process.exit(1);
});
