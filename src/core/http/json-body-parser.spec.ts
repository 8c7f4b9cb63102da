import express, { json, type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ApiError } from '../errors/api-error';
import { jsonBodyParser } from './json-body-parser';

/** An app that answers with what the parser made of the body: the value, or the error's status and message. */
function app(parser: express.RequestHandler): express.Express {
  const server = express();
  server.use(parser);
  server.post('/', (req: Request, res: Response) => void res.json({ body: req.body as unknown }));
  server.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ApiError) return void res.status(error.status).json({ status: error.status, message: error.message });
    // Plain express.json, worded as the gateway words its parse failures.
    const { status, message, type } = error as { status: number; message: string; type: string };
    res.status(status).json({ status, message: type === 'entity.parse.failed' ? `Malformed JSON in request body: ${message}` : message });
  });
  return server;
}

function listen(server: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const listening = server.listen(0, '127.0.0.1', () => resolve(listening));
  });
}

async function post(server: Server, body: Buffer | string, contentType = 'application/json'): Promise<{ status: number; json: unknown }> {
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body, headers: { 'content-type': contentType } });
  return { status: response.status, json: await response.json() };
}

describe(jsonBodyParser.name, () => {
  let ours: Server;
  let bodyParser: Server;
  beforeAll(async () => {
    ours = await listen(app(jsonBodyParser('50mb', 50 * 1024 * 1024)));
    bodyParser = await listen(app(json({ limit: '50mb' })));
  });
  afterAll(() => {
    ours.close();
    bodyParser.close();
  });

  it.each([
    ['an object', '{"model":"m","messages":[{"role":"user","content":"héllo ☕"}]}'],
    ['an array', ' [1, 2]'],
    ['a byte order mark', '\ufeff{"a":1}'],
    ['malformed JSON', '{"a":1'],
    ['a bare string (strict mode)', ' "str"'],
    ['a bare word', 'nope'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ])('answers %s exactly as body-parser does', async (_name, body) => {
    expect(await post(ours, body)).toEqual(await post(bodyParser, body));
  });

  it.each(['application/json; charset=utf-8', 'Application/JSON', 'application/json; charset=UTF-8'])(
    'reads %s the same way',
    async (contentType) => {
      expect(await post(ours, '{"a":[1]}', contentType)).toEqual({ status: 200, json: { body: { a: [1] } } });
    },
  );

  it('refuses nesting deeper than 512 levels on the fast path too', async () => {
    const deep = `${'['.repeat(600)}${']'.repeat(600)}`;
    expect(await post(ours, deep)).toEqual({ status: 400, json: { status: 400, message: 'JSON in request body is nested deeper than 512 levels' } });
  });
});
