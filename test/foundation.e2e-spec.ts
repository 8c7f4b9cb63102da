import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, startApp, type StartedApp } from './support/start-app';

const bundled = JSON.parse(readFileSync(join(REPO_ROOT, 'config/config.json'), 'utf8')) as { models: { id: string }[] };
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

describe('foundation over HTTP', () => {
  let started: StartedApp;
  // Every reply in this file goes through `call`, which insists on JSON: nothing may answer with an HTML page.
  const call = async (path: string, init: RequestInit = {}): Promise<Reply> => {
    const response = await fetch(`${started.url}${path}`, { signal: AbortSignal.timeout(20_000), ...init });
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(text).not.toMatch(/<html|<!DOCTYPE|\n\s+at /i);
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  };
  const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  beforeAll(async () => {
    started = await startApp();
  });
  afterAll(() => started?.close());

  describe('models', () => {
    it('GET /v1/models lists every bundled model in OpenAI list format', async () => {
      const { status, body } = await call('/v1/models');
      expect(status).toBe(200);
      expect(body.object).toBe('list');
      expect(body.data.map((model: { id: string }) => model.id)).toEqual(bundled.models.map((model) => model.id));
      for (const model of body.data) {
        expect(model).toEqual({ id: expect.any(String), object: 'model', created: expect.any(Number), owned_by: expect.any(String) });
        expect(Number.isInteger(model.created)).toBe(true);
        // Unix seconds, not milliseconds: somewhere between 2020 and 2100.
        expect(model.created).toBeGreaterThan(1_577_836_800);
        expect(model.created).toBeLessThan(4_102_444_800);
      }
    });

    it('GET /v1/models/:id returns one model, and a redirected id resolves', async () => {
      expect((await call('/v1/models/gpt-5.4')).body).toMatchObject({ id: 'gpt-5.4', object: 'model', owned_by: 'openai' });
      const redirected = await call('/v1/models/claude-opus-5-5');
      expect(redirected.status).toBe(200);
      expect(redirected.body.id).toBe('claude-opus-4-6');
    });

    it('GET /v1/models/:id of an unknown id is a 404 in OpenAI format listing the configured ids', async () => {
      const { status, body } = await call('/v1/models/no-such-model');
      expect(status).toBe(404);
      expect(body).toEqual({
        error: { message: expect.stringContaining("'no-such-model'"), type: 'invalid_request_error', code: 'model_not_found', param: null },
      });
      expect(body.error.message).toContain('claude-opus-4-6');
    });
  });

  describe('root and health', () => {
    it('GET / names the service, its version and its endpoints', async () => {
      const { status, body } = await call('/');
      expect(status).toBe(200);
      expect(body).toMatchObject({ name: pkg.name, version: pkg.version });
      expect(body.endpoints).toEqual(expect.arrayContaining(['GET /v1/models', 'POST /v1/chat/completions', 'GET /health/live']));
    });

    it('GET /health/live is 200', async () => {
      const { status, body } = await call('/health/live');
      expect(status).toBe(200);
      expect(body).toEqual({ status: 'ok' });
    });

    it('GET /health is 200 terminus JSON while serving', async () => {
      const { status, body } = await call('/health');
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', info: { lifecycle: { status: 'up' } }, error: {}, details: expect.any(Object) });
    });
  });

  describe('errors', () => {
    it('an unknown route is a 404 in the route family format', async () => {
      const chat = await call('/v1/chat/x');
      expect(chat.status).toBe(404);
      expect(chat.body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', code: null, param: null } });

      const messages = await call('/v1/messages/does-not-exist', { method: 'POST' });
      expect(messages.status).toBe(404);
      expect(messages.body).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.any(String) } });

      expect((await call('/nowhere')).status).toBe(404);
    });

    // The body parser runs before routing, so these hold whether or not the POST routes exist yet.
    it('malformed JSON is a 400 in each route format', async () => {
      const messages = await postJson('/v1/messages', '{"model": ');
      expect(messages.status).toBe(400);
      expect(messages.body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/JSON/) } });

      const chat = await postJson('/v1/chat/completions', '{not json}');
      expect(chat.status).toBe(400);
      expect(chat.body).toEqual({
        error: { message: expect.stringMatching(/JSON/), type: 'invalid_request_error', code: 'invalid_json', param: null },
      });
    });

    it('a body over 50 MB is a 413 JSON error in each route format', async () => {
      // The fetch signal in `call` bounds the upload, so a server that never answers fails the test instead of hanging.
      const oversized = ' '.repeat(51 * 1024 * 1024);
      const chat = await postJson('/v1/chat/completions', oversized);
      expect(chat.status).toBe(413);
      expect(chat.body.error).toMatchObject({ type: 'invalid_request_error', code: 'request_too_large' });

      const messages = await postJson('/v1/messages', oversized);
      expect(messages.status).toBe(413);
      expect(messages.body).toEqual({ type: 'error', error: { type: 'request_too_large', message: expect.any(String) } });
    });

    it('refuses a declared length over 50 MB at once and closes, even when the client stalls after a few bytes', async () => {
      const sentAt = Date.now();
      const { head, body } = await new Promise<{ head: string; body: string }>((resolve, reject) => {
        const socket = connect(started.port, '127.0.0.1', () => {
          socket.write('POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 60000000\r\n\r\n{"a":');
        });
        let reply = '';
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`no answer within 5 s (got: ${reply.slice(0, 80)})`));
        }, 5_000);
        socket.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
        socket.on('close', () => {
          clearTimeout(timer);
          const split = reply.indexOf('\r\n\r\n');
          resolve({ head: reply.slice(0, split), body: reply.slice(split + 4) });
        });
        socket.on('error', reject);
      });
      expect(head).toMatch(/^HTTP\/1\.1 413 /);
      expect(head.toLowerCase()).toContain('connection: close');
      expect(JSON.parse(body)).toEqual({ type: 'error', error: { type: 'request_too_large', message: expect.any(String) } });
      expect(Date.now() - sentAt).toBeLessThan(2_000);
    });
  });

  describe('connections', () => {
    it('keeps idle client connections longer than a load balancer would (65 s by default) and says so', async () => {
      const header = await new Promise<string | undefined>((resolve, reject) => {
        get(`${started.url}/health/live`, (res) => {
          res.resume();
          resolve(String(res.headers['keep-alive']));
        }).on('error', reject);
      });
      expect(header).toBe('timeout=65');
      // That an idle keep-alive connection is not cut by the (shorter) request timeouts is shown over the wire in
      // test/laptop-defaults.e2e-spec.ts.
    });
  });

  describe('request ids', () => {
    it('echoes x-request-id when sent and generates one when not', async () => {
      const sent = await call('/health/live', { headers: { 'x-request-id': 'trace-abc.123' } });
      expect(sent.headers.get('x-request-id')).toBe('trace-abc.123');

      const generated = await call('/health/live');
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const other = await call('/health/live');
      expect(other.headers.get('x-request-id')).not.toBe(generated.headers.get('x-request-id'));
    });

    it('writes one JSON request line with id, method, path, status and duration', async () => {
      await call('/v1/models', { headers: { 'x-request-id': 'log-line-check' } });
      const line = await started.logs.waitForLine((entry) => entry.reqId === 'log-line-check' && entry.msg === 'request');
      expect(line).toMatchObject({ level: 'info', method: 'GET', path: '/v1/models', status: 200, durationMs: expect.any(Number) });
      // Production mode logs no headers or bodies.
      expect(line).not.toHaveProperty('headers');
      expect(line).not.toHaveProperty('body');
    });
  });
});

describe('dev_mode request logging', () => {
  let started: StartedApp;
  beforeAll(async () => {
    started = await startApp({ config: { devMode: true } });
  });
  afterAll(() => started?.close());

  it('logs headers and body with every credential redacted', async () => {
    const secrets = ['sk-fake-bearer-4f1c', 'fake-x-api-key-91b2', 'fake-cookie-77aa', 'fake-refresh-5d3e', 'fake-access-0c9f'];
    const response = await fetch(`${started.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'dev-mode-redaction',
        authorization: `Bearer ${secrets[0]}`,
        'x-api-key': secrets[1],
        cookie: `session=${secrets[2]}`,
      },
      body: JSON.stringify({
        model: 'gpt-5.1',
        messages: [{ role: 'user', content: 'hello' }],
        max_tokens: 64,
        refresh_token: secrets[3],
        nested: { access_token: secrets[4] },
      }),
    });
    await response.arrayBuffer();

    const line = await started.logs.waitForLine((entry) => entry.reqId === 'dev-mode-redaction' && entry.msg === 'request');
    // The dump is there (so the scan below is not vacuous) ...
    expect(line).toMatchObject({
      headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', cookie: '[redacted]', 'content-type': 'application/json' },
      body: { model: 'gpt-5.1', messages: [{ role: 'user', content: 'hello' }], max_tokens: 64, refresh_token: '[redacted]' },
    });
    // ... and no secret appears anywhere in anything logged.
    const text = started.logs.text();
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
