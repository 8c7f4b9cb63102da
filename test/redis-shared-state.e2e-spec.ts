import { createClient } from '@redis/client';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { emptyStats, type Account } from '../src/accounts/account';
import { RedisAccountsStore } from '../src/accounts/store/redis-accounts-store';
import { StoreConflictError } from '../src/accounts/store/accounts-store';
import { RedisRefreshLock } from '../src/redis/redis-refresh-lock';
import { RefreshLockUnavailableError } from '../src/credentials/refresh-lock';
import { RedisConnection } from '../src/redis/redis-connection';
import { rawPost, startGatewayWithFake, type Gateway } from './support/gateway-fixture';
import { FakeUpstream } from './support/fake-upstream';
import { TS_REGISTER } from './support/gateway-process';
import { RedisServer } from './support/redis-server';
import { REPO_ROOT } from './support/start-app';

/** The Redis building blocks against a real redis-server: compare-and-set store, lock, shared rate limit. */
describe('shared state in Redis', () => {
  let redis: RedisServer;
  const connections: RedisConnection[] = [];
  const connect = async (prefix = 'unit:') => {
    const connection = new RedisConnection({ url: redis.url, keyPrefix: prefix, lockTtlMs: 1_000 }, new Logger('test'));
    await connection.connect();
    connections.push(connection);
    return connection;
  };
  const account = (id: string, refreshToken: string, version: number): Account => ({
    id,
    tokens: { refreshToken, version, refreshedAt: 1_000 + version },
    status: 'active',
    createdAt: 1,
    stats: emptyStats(1),
  });

  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterEach(async () => {
    for (const connection of connections.splice(0)) await connection.close();
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.flushAll();
    await client.close();
  });
  afterAll(() => redis.close());

  describe(RedisAccountsStore.name, () => {
    it('refuses a save from a replica that has not read the latest write, and takes it after a re-read', async () => {
      const one = new RedisAccountsStore(await connect());
      const two = new RedisAccountsStore(await connect());
      await expect(one.load()).resolves.toEqual({ kind: 'missing', lost: false });
      await expect(two.load()).resolves.toEqual({ kind: 'missing', lost: false });
      await one.save([account('acc_1', 'rt-2', 2)]);
      await expect(two.save([account('acc_1', 'rt-1', 1)])).rejects.toBeInstanceOf(StoreConflictError);
      const reread = await two.load();
      expect(reread.kind === 'ok' && reread.accounts[0].tokens.refreshToken).toBe('rt-2');
      await two.save([account('acc_1', 'rt-3', 3)]);
      const last = await one.load();
      expect(last.kind === 'ok' && last.accounts[0].tokens.refreshToken).toBe('rt-3');
    });

    it('tells the other replicas about a write, never the writer itself', async () => {
      const one = new RedisAccountsStore(await connect());
      const two = new RedisAccountsStore(await connect());
      await one.load();
      await two.load();
      const seenByTwo = jest.fn();
      const seenByOne = jest.fn();
      two.watch(seenByTwo);
      one.watch(seenByOne);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await one.save([account('acc_1', 'rt-1', 1)]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seenByTwo).toHaveBeenCalledTimes(1);
      expect(seenByOne).not.toHaveBeenCalled();
    });

    it('reports a store emptied behind its back as lost', async () => {
      const store = new RedisAccountsStore(await connect());
      await store.load();
      await store.save([account('acc_1', 'rt-1', 1)]);
      await store.load();
      const client = createClient({ url: redis.url });
      await client.connect();
      await client.flushAll();
      await client.close();
      await expect(store.load()).resolves.toEqual({ kind: 'missing', lost: true });
    });
  });

  describe(RedisRefreshLock.name, () => {
    it('runs one holder at a time, and the holder releases only its own lock', async () => {
      const connection = await connect();
      const lock = new RedisRefreshLock(connection, 2_000);
      const order: string[] = [];
      const work = (name: string) => async () => {
        order.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        order.push(`${name}:end`);
      };
      await Promise.all([lock.withLock('x', work('a')), lock.withLock('x', work('b'))]);
      expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
      expect(await connection.client.keys('unit:lock:*')).toEqual([]);
    });

    it('a lock left by a dead holder expires after its TTL; the late holder then cannot delete the new one', async () => {
      const connection = await connect();
      await connection.client.set('unit:lock:x', 'dead-holder', { expiration: { type: 'PX', value: 300 } });
      const lock = new RedisRefreshLock(connection, 300);
      const started = Date.now();
      await lock.withLock('x', async () => {
        expect(Date.now() - started).toBeGreaterThanOrEqual(250);
        // The dead holder's compare-and-delete does nothing now.
        await connection.client.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`, {
          keys: ['unit:lock:x'],
          arguments: ['dead-holder'],
        });
        expect(await connection.client.exists('unit:lock:x')).toBe(1);
      });
    });

    it('gives up with RefreshLockUnavailableError, without running the work, when Redis is down', async () => {
      const connection = await connect();
      const lock = new RedisRefreshLock(connection, 1_000);
      await redis.stop();
      try {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const work = jest.fn(async () => undefined);
        await expect(lock.withLock('x', work)).rejects.toBeInstanceOf(RefreshLockUnavailableError);
        expect(work).not.toHaveBeenCalled();
      } finally {
        await redis.start();
      }
    });
  });

  describe('npm run accounts with REDIS_URL', () => {
    let fake: FakeUpstream;
    let dir: string;
    beforeAll(async () => {
      fake = await FakeUpstream.start();
      dir = mkdtempSync(join(tmpdir(), 'accounts-cli-redis-'));
      writeFileSync(join(dir, 'hook.js'), TS_REGISTER);
    });
    afterAll(async () => {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['-r', join(dir, 'hook.js'), join(REPO_ROOT, 'src/accounts/cli/main.ts'), ...args], {
          cwd: dir,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: dir,
            CONFIG_PATH: join(REPO_ROOT, 'config/config.json'),
            ACCOUNTS_PATH: join(dir, 'accounts.json'),
            WORKOS_AUTH_URL: `${fake.url}/user_management/authenticate`,
            REDIS_URL: redis.url,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });

    it('adds, lists and disables accounts in the shared store, not in a local file', async () => {
      fake.workos.seedRefreshToken('rt-cli-redis', { email: 'cli@example.com' });
      const added = await cli(['add', '--refresh-token', 'rt-cli-redis', '--label', 'shared']);
      expect(added).toMatchObject({ code: 0 });
      const listed = await cli(['list', '--json']);
      const [account] = JSON.parse(listed.stdout) as { id: string; label: string; status: string }[];
      expect(account).toMatchObject({ label: 'shared', status: 'active' });
      expect((await cli(['disable', account.id])).code).toBe(0);
      const client = createClient({ url: redis.url });
      await client.connect();
      const stored = JSON.parse((await client.get('droid2api:accounts'))!) as { accounts: { id: string; status: string }[] };
      await client.close();
      expect(stored.accounts).toEqual([expect.objectContaining({ id: account.id, status: 'disabled' })]);
      expect(existsSync(join(dir, 'accounts.json'))).toBe(false);
    }, 60_000);
  });

  describe('RATE_LIMIT_PER_MINUTE with REDIS_URL', () => {
    let gateways: Gateway[] = [];
    afterEach(async () => {
      for (const gateway of gateways) await gateway.close();
      gateways = [];
    });

    it('is one allowance across replicas', async () => {
      const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'rl-test:', RATE_LIMIT_PER_MINUTE: '3', PROXY_API_KEYS: 'team:sk-team-key' };
      gateways = [await startGatewayWithFake({ env }), await startGatewayWithFake({ env })];
      const body = { model: 'claude-low', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
      const headers = { 'x-api-key': 'sk-team-key', 'anthropic-version': '2023-06-01' };
      const statuses: number[] = [];
      for (const gateway of [gateways[0], gateways[1], gateways[0], gateways[1]]) {
        statuses.push((await rawPost(`${gateway.app.url}/v1/messages`, body, headers)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });
});
