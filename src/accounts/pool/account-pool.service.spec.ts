import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { RefreshedTokens } from '../../credentials/token-lifecycle';
import { TokenRefreshError } from '../../credentials/token-refresh-error';
import type { WorkosClient } from '../../credentials/workos/workos-client.service';
import type { CallContext } from '../../core/http/call-context';
import type { RequestContext } from '../../core/http/request-context';
import { UpstreamError } from '../../outbound/upstream-error';
import type { AppConfig } from '../../config/app-config';
import { ReadinessRegistry } from '../../health/readiness.registry';
import type { UpstreamResponse } from '../../outbound/upstream-response';
import { emptyStats, type Account } from '../account';
import { seededRandom } from '../selection/seeded-random';
import type { AccountsStore, LoadedAccounts } from '../store/accounts-store';
import { AccountPoolService } from './account-pool.service';
import { AccountsService } from './accounts.service';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const HOUR = 3_600_000;

/** The store as a variable: what was saved, in order. */
class MemoryStore implements AccountsStore {
  readonly location = 'memory';
  readonly saves: Account[][] = [];
  constructor(private accounts: Account[]) {}
  async load(): Promise<LoadedAccounts> {
    return { kind: 'ok', accounts: structuredClone(this.accounts) };
  }
  async save(accounts: readonly Account[]): Promise<void> {
    this.accounts = structuredClone([...accounts]);
    this.saves.push(this.accounts);
  }
  watch(): () => void {
    return () => undefined;
  }
  get current(): Account[] {
    return this.accounts;
  }
}

function account(id: string): Account {
  return {
    id,
    tokens: { refreshToken: `rt-${id}`, accessToken: `at-${id}`, expiresAt: T0 + 8 * HOUR, version: 1, refreshedAt: T0 - HOUR },
    status: 'active',
    createdAt: T0 - HOUR,
    stats: emptyStats(T0),
  };
}

function reply(status: number, body = '', headers: Record<string, string> = {}): UpstreamResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: Readable.from([Buffer.from(body)]), route: 'direct' };
}

const config = { tokenRefresh: { aheadMs: 2 * HOUR, retryBaseMs: 1_000, retryMaxMs: 60_000 } } as AppConfig;

async function poolOf(ids: string[], exchange: (refreshToken: string) => Promise<RefreshedTokens> = async () => {
  throw new TokenRefreshError('no refresh expected in this test');
}) {
  const store = new MemoryStore(ids.map(account));
  const workos = { refresh: jest.fn(exchange) } as unknown as WorkosClient & { refresh: jest.Mock };
  const accounts = new AccountsService(config, store, workos, new ReadinessRegistry());
  let now = T0;
  accounts.now = () => now;
  await accounts.ensureLoaded();
  const pool = new AccountPoolService(accounts);
  pool.random = seededRandom(11);
  const context: RequestContext = { requestId: 'r1' };
  const call: CallContext = { headers: {}, signal: new AbortController().signal, context };
  return { store, workos, accounts, pool, call, context, advance: (ms: number) => (now += ms) };
}

/** An attempt that answers per account (the bearer token names it). */
function attemptBy(answers: Record<string, () => UpstreamResponse>) {
  return jest.fn(async (authorization: string) => {
    const id = authorization.replace(/^Bearer at-/, '').replace(/-v\d+$/, '');
    const answer = answers[id] ?? answers['*'];
    return answer();
  });
}

const accountOf = (authorization: string) => authorization.replace(/^Bearer at-/, '');

describe(AccountPoolService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.useRealTimers());

  it('moves a 429 to another account, cools the first down for Retry-After, and keeps it out meanwhile', async () => {
    const { pool, call, context, accounts, advance } = await poolOf(['a', 'b']);
    const attempt = attemptBy({ a: () => reply(429, '{"error":{"message":"slow down"}}', { 'retry-after': '30' }), b: () => reply(200, 'ok') });
    // Draw until 'a' is the first pick, so the failover is exercised.
    let response: UpstreamResponse;
    do {
      attempt.mockClear();
      response = await pool.send(call, attempt);
    } while (accountOf(attempt.mock.calls[0][0]) !== 'a');

    expect(response.status).toBe(200);
    expect(attempt.mock.calls.map(([authorization]) => accountOf(authorization))).toEqual(['a', 'b']);
    expect(context.accountId).toBe('b');
    const a = accounts.get('a')!.account;
    expect(a).toMatchObject({ status: 'cooling', cooldownUntil: T0 + 30_000 });
    expect(a.stats).toMatchObject({ failures: 1, failuresByClass: { rate_limited: 1 }, lastError: 'slow down' });

    attempt.mockClear();
    for (let index = 0; index < 20; index += 1) await pool.send(call, attempt);
    expect(attempt.mock.calls.every(([authorization]) => accountOf(authorization) === 'b')).toBe(true);

    advance(30_000);
    attempt.mockClear();
    for (let index = 0; index < 40; index += 1) await pool.send(call, attempt).catch(() => undefined);
    expect(attempt.mock.calls.some(([authorization]) => accountOf(authorization) === 'a')).toBe(true);
  });

  it('tries at most 3 accounts and hands the client the last upstream answer, body intact', async () => {
    const { pool, call } = await poolOf(['a', 'b', 'c', 'd', 'e']);
    let n = 0;
    const attempt = jest.fn(async () => reply(503, `{"error":{"message":"overloaded ${++n}"}}`));
    const response = await pool.send(call, attempt);
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(new Set(attempt.mock.calls.map((call: unknown[]) => call[0])).size).toBe(3);
    expect(response.status).toBe(503);
    expect(await text(response.body)).toBe('{"error":{"message":"overloaded 3"}}');
  });

  it('tries each account once when fewer than 3 are usable', async () => {
    const { pool, call } = await poolOf(['a', 'b']);
    const attempt = jest.fn(async () => reply(500));
    expect((await pool.send(call, attempt)).status).toBe(500);
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('on a 401 refreshes once and retries on the same account, saving the rotation before using it', async () => {
    const { pool, call, store, workos, accounts } = await poolOf(['a'], async () => {
      // The new token is used only after it was saved.
      expect(store.current[0].tokens.refreshToken).toBe('rt-a');
      return { accessToken: 'at-a-v2', refreshToken: 'rt-a-2', identity: {} };
    });
    const attempt = jest.fn(async (authorization: string) => (authorization === 'Bearer at-a' ? reply(401) : reply(200, 'ok')));
    const response = await pool.send(call, attempt);
    expect(response.status).toBe(200);
    expect(attempt.mock.calls).toEqual([['Bearer at-a'], ['Bearer at-a-v2']]);
    expect(workos.refresh).toHaveBeenCalledWith('rt-a');
    expect(store.current[0].tokens).toMatchObject({ refreshToken: 'rt-a-2', accessToken: 'at-a-v2', version: 2, refreshedAt: T0 });
    expect(accounts.get('a')!.account.status).toBe('active');
  });

  it('disables an account still refused after the refresh, and serves the request on another', async () => {
    const { pool, call, store, accounts } = await poolOf(['a', 'b'], async (refreshToken) => ({
      accessToken: `at-${refreshToken.slice(3)}-v2`,
      refreshToken: `${refreshToken}-2`,
      identity: {},
    }));
    const attempt = jest.fn(async (authorization: string) => (authorization.startsWith('Bearer at-a') ? reply(401, '{"error":{"message":"revoked"}}') : reply(200)));
    for (let index = 0; index < 10 && accounts.get('a')!.account.status === 'active'; index += 1) {
      expect((await pool.send(call, attempt)).status).toBe(200);
    }
    expect(accounts.get('a')!.account).toMatchObject({ status: 'disabled', disabledCause: 'unauthorized', disabledReason: expect.stringContaining('revoked') });
    expect(store.current.find((item) => item.id === 'a')).toMatchObject({ status: 'disabled', disabledCause: 'unauthorized' });
    const before = attempt.mock.calls.length;
    await pool.send(call, attempt);
    expect(attempt.mock.calls.slice(before).map(([authorization]) => authorization)).toEqual(['Bearer at-b']);
  });

  it('cools a 401 account down instead of disabling it when the refresh could not be tried (WorkOS failing)', async () => {
    const { pool, call, accounts } = await poolOf(['a', 'b'], async () => {
      throw new TokenRefreshError('WorkOS answered 500');
    });
    const attempt = jest.fn(async (authorization: string) => (authorization === 'Bearer at-a' ? reply(401) : reply(200)));
    for (let index = 0; index < 10 && accounts.get('a')!.account.stats.requests === 0; index += 1) {
      expect((await pool.send(call, attempt)).status).toBe(200);
    }
    expect(accounts.get('a')!.account).toMatchObject({ status: 'cooling', cooldownUntil: expect.any(Number) });
    expect(accounts.get('a')!.account.disabledCause).toBeUndefined();
  });

  it('disables a 402 account with the upstream message, persisted, and serves the request on another', async () => {
    const { pool, call, store, accounts } = await poolOf(['a', 'b']);
    const attempt = attemptBy({ a: () => reply(402, '{"error":{"message":"Out of credits"}}'), b: () => reply(200) });
    for (let index = 0; index < 10 && accounts.get('a')!.account.status === 'active'; index += 1) {
      expect((await pool.send(call, attempt)).status).toBe(200);
    }
    expect(store.current.find((item) => item.id === 'a')).toMatchObject({
      status: 'disabled',
      disabledCause: 'payment_required',
      disabledReason: 'Out of credits',
    });
  });

  it('answers a 403 as it is: no retry, no disable', async () => {
    const { pool, call, accounts } = await poolOf(['a', 'b']);
    const attempt = jest.fn(async () => reply(403, 'blocked'));
    const response = await pool.send(call, attempt);
    expect(response.status).toBe(403);
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(accounts.list().map((pooled) => pooled.account.status)).toEqual(['active', 'active']);
  });

  it('fails over on connection errors and timeouts, and throws the last one when every account failed', async () => {
    const { pool, call, accounts } = await poolOf(['a', 'b']);
    const connect = new UpstreamError('Could not reach upstream', 502, 'connect');
    const timeout = new UpstreamError('Upstream timed out', 504, 'timeout');
    const errors = [connect, timeout];
    const attempt = jest.fn(async () => {
      throw errors.shift()!;
    });
    await expect(pool.send(call, attempt)).rejects.toBe(timeout);
    expect(attempt).toHaveBeenCalledTimes(2);
    const classes = accounts.list().map((pooled) => pooled.account.stats.failuresByClass);
    expect(classes).toEqual(expect.arrayContaining([{ connect: 1 }, { timeout: 1 }]));
  });

  it('stops at once when the client left', async () => {
    const { pool, call } = await poolOf(['a', 'b']);
    const aborted = new UpstreamError('aborted', 499, 'aborted');
    const attempt = jest.fn(async () => {
      throw aborted;
    });
    await expect(pool.send(call, attempt)).rejects.toBe(aborted);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('answers 429 with Retry-After when every account is cooling down', async () => {
    const { pool, call } = await poolOf(['a']);
    await pool.send(call, attemptBy({ '*': () => reply(429, '', { 'retry-after': '12' }) }));
    await expect(pool.send(call, jest.fn())).rejects.toMatchObject({ status: 429, options: { headers: { 'retry-after': '12' } } });
  });

  it('counts successes in the stats and the health, and saves stats on a debounce', async () => {
    jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate'] });
    const { pool, call, accounts, store } = await poolOf(['a']);
    await pool.send(call, attemptBy({ '*': () => reply(200) }));
    expect(accounts.get('a')!.account.stats).toMatchObject({ requests: 1, successes: 1, failures: 0, lastUsedAt: T0 });
    expect(store.saves).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(store.saves).toHaveLength(1);
    expect(store.current[0].stats.successes).toBe(1);
  });
});
