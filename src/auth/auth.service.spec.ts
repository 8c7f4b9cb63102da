import type { Request } from 'express';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { AppConfig } from '../config/app-config';
import { ReadinessRegistry } from '../health/readiness.registry';
import type { UpstreamResponse } from '../outbound/upstream-response';
import type { AccountPool } from '../credentials/account-pool';
import { AuthService } from './auth.service';
import type { CredentialLease } from '../credentials/credential-source';
import type { WorkosClient } from '../credentials/workos/workos-client.service';

const req = { headers: {} } as Request;

function reply(status: number, body: string): UpstreamResponse & { body: Readable } {
  return { status, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from(body)]), route: 'direct' };
}

/** An AuthService whose chain ends at a stub pool, which is also how the AccountsModule plugs in. */
async function serviceWith(lease: CredentialLease) {
  const pool: AccountPool = {
    name: 'accounts',
    hasAccounts: async () => true,
    acquire: jest.fn(async () => lease),
    health: () => ({ ready: true, details: { source: 'accounts' } }),
  };
  const readiness = new ReadinessRegistry();
  const config = { credentials: { factoryApiKey: 'fk', factoryAuthPath: '/nonexistent' } } as AppConfig;
  const service = new AuthService(config, {} as WorkosClient, readiness, pool);
  await service.onModuleInit();
  return { service, readiness };
}

describe(AuthService.name, () => {
  it('hands the whole call to a source that fails over itself (the pool), noting the source for the request log', async () => {
    const locals = {};
    const poolSend = jest.fn(async () => reply(200, 'ok'));
    const pool: AccountPool = {
      name: 'accounts',
      hasAccounts: async () => true,
      acquire: jest.fn(),
      send: poolSend,
      health: () => ({ ready: true, details: {} }),
    };
    const service = new AuthService({ credentials: { factoryAuthPath: '/nonexistent' } } as AppConfig, {} as WorkosClient, new ReadinessRegistry(), pool);
    await service.onModuleInit();
    const attempt = jest.fn();
    const request = { headers: {}, res: { locals } } as unknown as Request;
    expect((await service.send(request, attempt)).status).toBe(200);
    expect(poolSend).toHaveBeenCalledWith(request, attempt);
    expect(pool.acquire).not.toHaveBeenCalled();
    expect(locals).toEqual({ credentialSource: 'accounts' });
  });

  it('lets a pool with accounts win the chain and registers the credentials readiness check', async () => {
    const { service, readiness } = await serviceWith({ authorization: 'Bearer a' });
    expect(service.sourceName).toBe('accounts');
    const [name, check] = readiness.entries()[0];
    expect(name).toBe('credentials');
    await expect(Promise.resolve(check())).resolves.toEqual({ ready: true, details: { source: 'accounts' } });
  });

  it('passes anything but a 401 straight through, with one attempt', async () => {
    const renew = jest.fn();
    const { service } = await serviceWith({ authorization: 'Bearer a', renew });
    const attempt = jest.fn(async () => reply(429, 'slow down'));
    const response = await service.send(req, attempt);
    expect(response.status).toBe(429);
    expect(await text(response.body)).toBe('slow down');
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(renew).not.toHaveBeenCalled();
  });

  it('on a 401 discards the body, renews once and retries once with the new credential', async () => {
    const renew = jest.fn(async () => 'Bearer b');
    const { service } = await serviceWith({ authorization: 'Bearer a', renew });
    const refused = reply(401, '{"error":"expired"}');
    const attempt = jest.fn(async (authorization: string) => (authorization === 'Bearer a' ? refused : reply(200, 'ok')));
    const response = await service.send(req, attempt);
    expect(attempt.mock.calls).toEqual([['Bearer a'], ['Bearer b']]);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(refused.body.destroyed).toBe(true);
    expect(await text(response.body)).toBe('ok');
  });

  it('does not retry a second 401', async () => {
    const renew = jest.fn(async () => 'Bearer b');
    const { service } = await serviceWith({ authorization: 'Bearer a', renew });
    const attempt = jest.fn(async () => reply(401, 'no'));
    const response = await service.send(req, attempt);
    expect(response.status).toBe(401);
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('passes the original 401 on, body intact, when there is nothing to retry with', async () => {
    const { service } = await serviceWith({ authorization: 'Bearer a', renew: async () => undefined });
    const attempt = jest.fn(async () => reply(401, '{"error":{"message":"invalid token"}}'));
    const response = await service.send(req, attempt);
    expect(response.status).toBe(401);
    expect(await text(response.body)).toBe('{"error":{"message":"invalid token"}}');
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('never retries a credential that cannot be renewed (fixed key, client header)', async () => {
    const { service } = await serviceWith({ authorization: 'Bearer fixed' });
    const attempt = jest.fn(async () => reply(401, 'no'));
    expect((await service.send(req, attempt)).status).toBe(401);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
