import { Readable } from 'node:stream';
import type { AppConfig } from '../../config/app-config';
import { toUpstreamError, type UpstreamClient } from '../../outbound/upstream-client.service';
import type { UpstreamRequest } from '../../outbound/upstream-response';
import { WorkosClient } from './workos-client.service';

const config = {
  workos: { authUrl: 'https://workos.test/user_management/authenticate', clientId: 'client_x', timeoutMs: 50 },
} as AppConfig;

function clientAnswering(post: (call: UpstreamRequest) => Promise<unknown>) {
  const http = { post: jest.fn(post) } as unknown as UpstreamClient & { post: jest.Mock };
  return { workos: new WorkosClient(config, http), http };
}

describe(WorkosClient.name, () => {
  it('posts the form-encoded refresh grant through the upstream client and reads the rotated tokens', async () => {
    const body = Readable.from([Buffer.from(JSON.stringify({ access_token: 'at', refresh_token: 'rt-1', user: { id: 'u', email: 'e' } }))]);
    const { workos, http } = clientAnswering(async () => ({ status: 200, headers: {}, body, route: 'direct' }));
    await expect(workos.refresh('rt-0&x=y')).resolves.toMatchObject({ accessToken: 'at', refreshToken: 'rt-1' });
    const call = http.post.mock.calls[0][0] as UpstreamRequest;
    expect(call.url).toBe(config.workos.authUrl);
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-0&x=y',
      client_id: 'client_x',
    });
    expect(call.signal).toBeInstanceOf(AbortSignal);
    expect(body.destroyed).toBe(true);
  });

  it('gives up after the timeout with a clear message', async () => {
    const { workos } = clientAnswering(
      (call) => new Promise((_, reject) => call.signal!.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    await expect(workos.refresh('rt-0')).rejects.toThrow('WorkOS did not answer within 50 ms');
  });

  it('reports a transport failure without the token or the address', async () => {
    const { workos } = clientAnswering(async (call) => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:8443'), { code: 'ECONNREFUSED' });
      throw toUpstreamError(refused, call.url, 'corp-proxy');
    });
    const error = (await workos.refresh('rt-secret').catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('WorkOS refresh failed: Upstream unreachable (ECONNREFUSED)');
    expect(error.message).not.toMatch(/workos\.test|10\.0\.0\.5|8443|corp-proxy|rt-secret/);
  });
});
