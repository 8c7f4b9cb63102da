import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../core/errors/api-error';
import type { RefreshedTokens } from '../../credentials/token-lifecycle';
import { TokenRefreshError } from '../../credentials/token-refresh-error';
import { FactoryAuthFileStore } from './factory-auth-file.store';
import { RefreshingSource } from './refreshing.source';

describe(RefreshingSource.name, () => {
  let dir: string;
  let file: string;
  let live: Set<string>;
  let counter: number;
  const exchange = jest.fn(async (refreshToken: string): Promise<RefreshedTokens> => {
    if (!live.delete(refreshToken)) throw new TokenRefreshError('refresh token rejected by WorkOS', true);
    counter += 1;
    live.add(`rt-${counter}`);
    return { accessToken: `at-${counter}`, refreshToken: `rt-${counter}`, identity: {} };
  });
  const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const source = () =>
    new RefreshingSource('factory-auth-file', new FactoryAuthFileStore(file), {
      exchange,
      timing: { aheadMs: 60_000, retryBaseMs: 1, retryMaxMs: 1 },
      logger,
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'refreshing-source-'));
    file = join(dir, 'auth.json');
    live = new Set(['rt-0']);
    counter = 0;
    jest.clearAllMocks();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an unusable file as not ready with the reason, and starts once it is repaired', async () => {
    writeFileSync(file, '{ oops');
    const subject = source();
    await subject.init();
    await subject.start();
    expect(subject.health()).toEqual({
      ready: false,
      details: { source: 'factory-auth-file', file, error: expect.stringContaining('is not valid JSON') },
    });
    await expect(subject.acquire()).rejects.toMatchObject({ status: 503 });
    await expect(subject.acquire()).rejects.toBeInstanceOf(ApiError);
    expect(exchange).not.toHaveBeenCalled();

    writeFileSync(file, JSON.stringify({ refresh_token: 'rt-0' }));
    await subject.tick();
    expect(subject.health().ready).toBe(true);
    await expect(subject.acquire()).resolves.toMatchObject({ authorization: 'Bearer at-1' });
  });

  it('after a rejected refresh token, picks up the tokens of a new sign-in from the file', async () => {
    writeFileSync(file, JSON.stringify({ refresh_token: 'rt-dead' }));
    const subject = source();
    await subject.init();
    await subject.start();
    expect(subject.health()).toMatchObject({ ready: false, details: { refreshRejected: true } });

    // The user signs in again with the Factory CLI.
    live.add('rt-relogin');
    writeFileSync(file, JSON.stringify({ refresh_token: 'rt-relogin', other: 1 }));
    await subject.tick();
    expect(subject.health()).toMatchObject({ ready: true, details: { refreshRejected: false } });
    expect(exchange.mock.calls.map(([token]) => token)).toEqual(['rt-dead', 'rt-relogin']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ access_token: 'at-1', refresh_token: 'rt-1', other: 1 });
  });

  it('renews after a 401 with a refreshed token, once', async () => {
    writeFileSync(file, JSON.stringify({ refresh_token: 'rt-0' }));
    const subject = source();
    await subject.init();
    const lease = await subject.acquire();
    expect(lease.authorization).toBe('Bearer at-1');
    await expect(lease.renew!()).resolves.toBe('Bearer at-2');
    expect(exchange).toHaveBeenCalledTimes(2);
  });
});
