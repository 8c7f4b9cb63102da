import { request as httpRequest, type ClientRequest } from 'node:http';
import { HealthController } from '../src/health/health.controller';
import { ReadinessRegistry } from '../src/health/readiness.registry';
import { DrainService } from '../src/lifecycle/drain.service';
import { startApp, type StartedApp } from './support/start-app';

const BODY = JSON.stringify({ model: 'gpt-5.1', input: 'still uploading' });

/**
 * Starts a POST whose body is only half sent, so the request stays in flight until `finish()` is called.
 * Resolves once the server has received it (and the drain middleware counted it).
 */
async function openSlowUpload(started: StartedApp) {
  const received = new Promise<void>((resolve) => started.app.getHttpServer().once('request', () => resolve()));
  const req: ClientRequest = httpRequest(`${started.url}/v1/drain-probe`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(BODY)) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
  });
  req.write(BODY.slice(0, 10));
  await received;
  return { response, finish: () => req.end(BODY.slice(10)) };
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function readiness(started: StartedApp) {
  const lifecycle = started.app.get(ReadinessRegistry).entries().find(([name]) => name === 'lifecycle');
  return lifecycle?.[1]();
}

describe('graceful drain', () => {
  let started: StartedApp | undefined;
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });

  it('turns readiness 503, stops accepting, lets the in-flight request finish, then closes', async () => {
    started = await startApp({ env: { SHUTDOWN_GRACE_MS: '10000' } });
    const app = started;
    expect(await readiness(app)).toEqual({ ready: true, details: { state: 'serving' } });

    const upload = await openSlowUpload(app);
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    const drain = app.app.get(DrainService);
    await until(() => drain.isDraining);

    // Readiness is down: the registry says so, and /health (terminus) answers 503.
    expect(await readiness(app)).toEqual({ ready: false, details: { state: 'draining' } });
    const response = { status: jest.fn() };
    const report = await app.app.get(HealthController).ready(response as never);
    expect(response.status).toHaveBeenCalledWith(503);
    expect(report).toMatchObject({ status: 'shutting_down', error: { lifecycle: { status: 'down', state: 'draining' } } });
    // New connections are refused while the old one is still served.
    await expect(fetch(`${app.url}/health/live`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    expect(closed).toBe(false);

    upload.finish();
    const { status, body } = await upload.response;
    expect(status).toBe(404);
    expect(JSON.parse(body)).toMatchObject({ error: { type: 'invalid_request_error' } });
    await closing;
    // Closed because the work was done, not because the 10 s grace period ran out.
    expect(app.logs.text()).not.toContain('grace period over');
  });

  it('closes what is left once the grace period is over', async () => {
    started = await startApp({ env: { SHUTDOWN_GRACE_MS: '150' } });
    const app = started;
    const upload = await openSlowUpload(app);

    const begin = Date.now();
    await app.close();
    // The grace period was waited out, and then the rest was closed rather than waited on.
    expect(Date.now() - begin).toBeGreaterThanOrEqual(140);
    // The connection that never finished uploading was cut, not left hanging.
    await expect(upload.response).rejects.toThrow();
    expect(app.logs.text()).toContain('grace period over');
  });

  it('does not wait for idle keep-alive connections', async () => {
    started = await startApp({ env: { SHUTDOWN_GRACE_MS: '10000', HTTP_KEEPALIVE_TIMEOUT_MS: '60000' } });
    const app = started;
    // fetch keeps its connection open for reuse; it carries no request, so the drain must not wait for it.
    const response = await fetch(`${app.url}/health/live`);
    await response.text();

    const begin = Date.now();
    await app.close();
    // Waiting on it would have meant the 10 s grace period (logged) or the 60 s keep-alive timeout; the bound is
    // generous for a loaded machine and still far below either.
    expect(app.logs.text()).not.toContain('grace period over');
    expect(Date.now() - begin).toBeLessThan(8_000);
  });
});
