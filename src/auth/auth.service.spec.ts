import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { AppConfig } from '../config/app-config';
import type { CallContext } from '../core/http/call-context';
import type { RequestContext } from '../core/http/request-context';
import type { AccountPool } from '../credentials/account-pool';
import type { WorkosClient } from '../credentials/workos/workos-client.service';
import { ReadinessRegistry } from '../health/readiness.registry';
import type { UpstreamResponse } from '../outbound/upstream-response';
import { AuthService } from './auth.service';

function reply(status: number, body: string): UpstreamResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from(body)]), route: 'direct' };
}

function callWith(context: RequestContext): CallContext {
  return { headers: {}, signal: new AbortController().signal, context };
}

/** A pool stub: how AccountsModule plugs in at the top of the chain. */
function poolStub(hasAccounts: boolean): AccountPool & { send: jest.Mock } {
  return {
    name: 'accounts',
    hasAccounts: async () => hasAccounts,
    disabledOnly: () => 0,
    setInUse: () => undefined,
    send: jest.fn(async () => reply(200, 'ok')),
    health: () => ({ ready: true, details: { source: 'accounts' } }),
  };
}

async function serviceWith(pool: AccountPool, credentials: Partial<AppConfig['credentials']> = {}) {
  const readiness = new ReadinessRegistry();
  const config = { credentials: { factoryAuthPath: '/nonexistent', ...credentials } } as AppConfig;
  const service = new AuthService(config, {} as WorkosClient, readiness, pool);
  await service.onModuleInit();
  return { service, readiness };
}

describe(AuthService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('lets a pool with accounts win the chain and registers the credentials readiness check', async () => {
    const { service, readiness } = await serviceWith(poolStub(true), { factoryApiKey: 'fk' });
    expect(service.sourceName).toBe('accounts');
    const [name, check] = readiness.entries()[0];
    expect(name).toBe('credentials');
    await expect(Promise.resolve(check())).resolves.toEqual({ ready: true, details: { source: 'accounts' } });
  });

  it('hands the whole call to a source that fails over itself (the pool), noting the source for the request log', async () => {
    const pool = poolStub(true);
    const { service } = await serviceWith(pool);
    const context: RequestContext = { requestId: 'r1' };
    const call = callWith(context);
    const attempt = jest.fn();
    expect((await service.send(call, attempt)).status).toBe(200);
    expect(pool.send).toHaveBeenCalledWith(call, attempt);
    expect(context).toEqual({ requestId: 'r1', credentialSource: 'accounts' });
  });

  it('sends with a leased credential when the chain chose a leasing source (FACTORY_API_KEY)', async () => {
    const pool = poolStub(false);
    const { service } = await serviceWith(pool, { factoryApiKey: 'fk' });
    const context: RequestContext = { requestId: 'r1' };
    const attempt = jest.fn(async () => reply(200, 'ok'));
    expect((await service.send(callWith(context), attempt)).status).toBe(200);
    expect(attempt.mock.calls).toEqual([['Bearer fk']]);
    expect(pool.send).not.toHaveBeenCalled();
    expect(context.credentialSource).toBe('factory-api-key');
  });
});
