import { writeFileSync } from 'node:fs';
import { USER } from './auth-helpers';
import { FakeUpstream } from './support/fake-upstream';
import { ADMIN_KEY, Cluster, Traffic, ask, blackHole, eventually, health } from './support/redis-cluster';
import { RedisServer, type TestRedisClient } from './support/redis-server';

/**
 * Three replicas on one real Redis (child processes; kill -9 is real) against the fake upstream and a fake WorkOS that
 * refuses a reused refresh token. The invariant throughout: no refresh token is ever presented twice.
 */
describe('several replicas on one Redis', () => {
  let fake: FakeUpstream;
  let redis: RedisServer;
  let client: TestRedisClient;
  let cluster: Cluster;
  const SEED = 'rt-cluster-seed-0001';
  const ACCOUNT = { id: 'acc_cluster1', email: USER.email, refresh_token: SEED };

  const issued = () => fake.workos.refreshCalls.filter((call) => call.outcome === 'issued');
  const presentedTwice = () => fake.workos.reusedTokenAttempts;
  const bearers = () => fake.requestsTo('/a/v1/messages').map((request) => request.headers.authorization);
  const storedAccounts = async () => JSON.parse((await client.get('droid2api:accounts')) ?? '{"accounts":[]}').accounts as any[];
  /** Every replica has served one request (so its token is known to work), all with the same access token. */
  const warmUp = async () => {
    for (const replica of cluster.replicas.values()) expect((await ask(replica.url)).status).toBe(200);
  };

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    redis = await RedisServer.start({ appendonly: true });
    client = await redis.client();
  });
  beforeEach(async () => {
    fake.reset();
    fake.workos.seedRefreshToken(SEED, USER);
    if (!redis.running) await redis.start();
    await client.flushAll();
    cluster = new Cluster(fake, redis);
  });
  afterEach(async () => {
    if (process.env.DEBUG_CLUSTER) {
      const dump = [...cluster.replicas.values()].map((r) => `== ${r.name}\n${r.output()}`).join('\n');
      writeFileSync(`/tmp/cluster-${expect.getState().currentTestName?.slice(30, 60).replace(/\W+/g, '-')}.log`, dump);
    }
    await cluster.close();
    expect(presentedTwice()).toBe(0);
  });
  afterAll(async () => {
    await client.close();
    await redis.close();
    await fake.close();
  });

  it('three replicas starting on one seed make one refresh, and concurrent 401s on all of them make one more', async () => {
    cluster.writeSeed([ACCOUNT]);
    await cluster.start(['a', 'b', 'c'], { ACCOUNTS_PATH: cluster.seedPath });
    await warmUp();
    expect(issued()).toHaveLength(1);
    const first = bearers()[0]!;
    expect(new Set(bearers())).toEqual(new Set([first]));

    fake.revokedTokens.add(first.replace(/^Bearer /, ''));
    const answers = await Promise.all([...cluster.replicas.values()].flatMap((replica) => Array.from({ length: 5 }, () => ask(replica.url))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(15).fill(200));
    expect(issued()).toHaveLength(2);
    const stored = (await storedAccounts())[0];
    expect(stored.refresh_token).toBe(fake.workos.currentRefreshToken(USER.email));
    expect(stored.token_version).toBe(2);
  }, 90_000);

  it('DROID_REFRESH_KEY on three replicas: one refresh at start, one after concurrent 401s, the set kept in Redis', async () => {
    await cluster.start(['a', 'b', 'c'], { DROID_REFRESH_KEY: SEED });
    await eventually(async () => (await Promise.all([...cluster.replicas.values()].map((r) => health(r.url)))).every((h) => h.status === 200), 15_000, 'all ready');
    await warmUp();
    expect(issued()).toHaveLength(1);
    fake.revokedTokens.add(bearers()[0]!.replace(/^Bearer /, ''));
    const answers = await Promise.all([...cluster.replicas.values()].flatMap((replica) => Array.from({ length: 4 }, () => ask(replica.url))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect(issued()).toHaveLength(2);
    const keys = await client.keys('droid2api:tokens:droid-refresh-key:*');
    expect(keys).toHaveLength(1);
    expect(JSON.parse((await client.get(keys[0]))!).refresh_token).toBe(fake.workos.currentRefreshToken(USER.email));
  }, 90_000);

  it('a lock holder killed with SIGKILL mid-refresh blocks the others no longer than the lock TTL', async () => {
    cluster.writeSeed([ACCOUNT]);
    await cluster.start(['a', 'b'], { ACCOUNTS_PATH: cluster.seedPath });
    await warmUp();
    // The victim's WorkOS never answers: it holds the lock, with its refresh request in the air, when it is killed.
    const hole = await blackHole();
    try {
      const [victim] = await cluster.start(['victim'], { ACCOUNTS_PATH: cluster.seedPath, WORKOS_AUTH_URL: hole.url, WORKOS_TIMEOUT_MS: '3000', REDIS_LOCK_TTL_MS: '4000' });
      expect((await ask(victim.url)).status).toBe(200);
      fake.revokedTokens.add(bearers().at(-1)!.replace(/^Bearer /, ''));
      void ask(victim.url);
      await eventually(async () => hole.received.length > 0, 10_000, 'the victim to send its refresh');
      expect(await client.keys('droid2api:lock:*')).toHaveLength(1);
      victim.signal('SIGKILL');
      await victim.exited;
      cluster.replicas.delete('victim');
      const killedAt = Date.now();

      const answer = await ask(cluster.get('a').url);
      expect(answer.status).toBe(200);
      const waited = Date.now() - killedAt;
      expect(waited).toBeLessThan(4_000 + 3_000);
      expect(issued()).toHaveLength(2);
      expect((await ask(cluster.get('b').url)).status).toBe(200);
      expect(issued()).toHaveLength(2);
    } finally {
      await hole.close();
    }
  }, 90_000);

  it('SIGTERM: readiness 503 while still serving, drain, exit 0, restart; traffic never fails', async () => {
    cluster.writeSeed([ACCOUNT]);
    await cluster.start(['a', 'b', 'c'], { ACCOUNTS_PATH: cluster.seedPath });
    await warmUp();
    const port = Number(new URL(cluster.get('c').url).port);
    const traffic = new Traffic(() => cluster.replicas);
    await eventually(async () => traffic.answers.filter((a) => a.target === 'c').length > 3, 10_000, 'traffic on c');
    const stopped = cluster.get('c');
    stopped.signal('SIGTERM');
    await eventually(async () => traffic.probes.some((probe) => probe.target === 'c' && probe.status === 503), 5_000, 'c to answer 503');
    // Deregistering, not gone: /health answers (503), and a request sent now is still served.
    expect((await health(stopped.url)).status).toBe(503);
    expect((await ask(stopped.url)).status).toBe(200);
    expect((await stopped.exited).code).toBe(0);
    cluster.replicas.delete('c');
    await cluster.start(['c'], { ACCOUNTS_PATH: cluster.seedPath }, port);
    await eventually(async () => traffic.answers.filter((a) => a.target === 'c').length > 10, 15_000, 'traffic on the restarted c');
    await traffic.stop();
    expect(traffic.failures()).toEqual([]);
    expect(traffic.answers.length).toBeGreaterThan(30);
    expect(issued()).toHaveLength(1);
  }, 120_000);

  it('Redis stopped and restarted under traffic: requests keep being served, readiness says redis: down, no rotation is lost', async () => {
    cluster.writeSeed([ACCOUNT]);
    await cluster.start(['a', 'b', 'c'], { ACCOUNTS_PATH: cluster.seedPath });
    await warmUp();
    const traffic = new Traffic(() => cluster.replicas);
    await redis.stop();
    const down = await eventually(async () => {
      const reply = await health(cluster.get('a').url);
      return reply.body.error?.redis ? reply : undefined;
    }, 10_000, 'redis: down on /health');
    expect(down.status).toBe(200);
    expect(down.body.details.redis).toMatchObject({ status: 'down', error: expect.any(String) });
    const during = traffic.answers.length;
    await eventually(async () => traffic.answers.length > during + 20, 10_000, 'traffic while redis is down');
    await redis.start();
    // Each replica reconnects on its own backoff; until it has, it cannot take the lock, so it could not refresh.
    for (const replica of cluster.replicas.values()) await eventually(async () => (await health(replica.url)).body.info?.redis, 15_000, 'redis: up again');
    // A rotation after the outage: one refresh, and every replica uses it.
    fake.revokedTokens.add(bearers().at(-1)!.replace(/^Bearer /, ''));
    await eventually(async () => issued().length === 2, 15_000, 'the rotation');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await traffic.stop();
    expect(traffic.failures()).toEqual([]);
    expect(issued()).toHaveLength(2);
    expect((await storedAccounts())[0].refresh_token).toBe(fake.workos.currentRefreshToken(USER.email));
  }, 120_000);

  it('a Redis restarted WITHOUT persistence is noticed, and the replicas write back the newest tokens they hold', async () => {
    const volatile = await RedisServer.start({ appendonly: false });
    const volatileClient = await volatile.client();
    const local = new Cluster(fake, volatile);
    try {
      local.writeSeed([ACCOUNT]);
      await local.start(['a', 'b'], { ACCOUNTS_PATH: local.seedPath });
      for (const replica of local.replicas.values()) expect((await ask(replica.url)).status).toBe(200);
      fake.revokedTokens.add(bearers().at(-1)!.replace(/^Bearer /, ''));
      expect((await ask(local.get('a').url)).status).toBe(200);
      const newest = fake.workos.currentRefreshToken(USER.email);
      await volatile.stop();
      await volatile.start();
      // Whichever replica reads the empty store first says so and writes back; the others then find the data again.
      const noticed = () => [...local.replicas.values()].some((replica) => replica.lines().some((line) => String(line.msg).includes('EMPTIED')));
      await eventually(async () => noticed(), 15_000, 'a replica to notice the emptied store');
      const restored = await eventually(async () => volatileClient.get('droid2api:accounts').catch(() => null), 10_000, 'the write-back');
      expect(JSON.parse(restored!).accounts[0].refresh_token).toBe(newest);
      // The seed's spent token was never sent again; the next rotation starts from the newest (once every replica is
      // reconnected: until then it could not take the lock).
      for (const replica of local.replicas.values()) await eventually(async () => (await health(replica.url)).body.info?.redis, 15_000, 'redis: up again');
      fake.revokedTokens.add(bearers().at(-1)!.replace(/^Bearer /, ''));
      expect((await ask(local.get('a').url)).status).toBe(200);
      expect(issued()).toHaveLength(3);
    } finally {
      await local.close();
      await volatileClient.close();
      await volatile.close();
    }
  }, 120_000);

  it('an old seed re-imported by every replica never replaces the rotated token', async () => {
    cluster.writeSeed([ACCOUNT]);
    await cluster.start(['a', 'b'], { ACCOUNTS_PATH: cluster.seedPath });
    await warmUp();
    fake.revokedTokens.add(bearers().at(-1)!.replace(/^Bearer /, ''));
    expect((await ask(cluster.get('a').url)).status).toBe(200);
    expect(issued()).toHaveLength(2);
    for (const name of ['a', 'b']) expect((await cluster.stop(name)).code).toBe(0);

    await cluster.start(['a', 'b', 'c'], { ACCOUNTS_PATH: cluster.seedPath });
    await warmUp();
    expect(issued()).toHaveLength(2);
    expect(fake.workos.refreshCalls.filter((call) => call.refreshToken === SEED)).toHaveLength(1);
    const line = await cluster.get('a').waitForLine((entry) => entry.msg === 'accounts seed merged into the shared store');
    expect(line.kept_newer).toEqual([ACCOUNT.id]);
    expect((await storedAccounts())[0].token_version).toBe(2);
  }, 120_000);

  it('an account disabled through one replica is out of the rotation on the others within a second', async () => {
    const SECOND = 'rt-cluster-seed-0002';
    fake.workos.seedRefreshToken(SECOND, { email: 'two@example.com' });
    cluster.writeSeed([ACCOUNT, { id: 'acc_cluster2', email: 'two@example.com', refresh_token: SECOND }]);
    await cluster.start(['a', 'b'], { ACCOUNTS_PATH: cluster.seedPath });
    await warmUp();
    const patched = await fetch(`${cluster.get('a').url}/admin/accounts/acc_cluster1`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'disabled', reason: 'cluster test' }),
    });
    expect(patched.status).toBe(200);
    const started = Date.now();
    await eventually(async () => {
      const reply = await fetch(`${cluster.get('b').url}/admin/accounts`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      const body = (await reply.json()) as { data: { id: string; status: string }[] };
      return body.data.find((account) => account.id === 'acc_cluster1')?.status === 'disabled';
    }, 5_000, 'b to see the disable');
    expect(Date.now() - started).toBeLessThan(1_000);
    const disabledToken = (await storedAccounts()).find((account) => account.id === 'acc_cluster1').access_token;
    const before = fake.requestsTo('/a/v1/messages').length;
    for (let index = 0; index < 10; index += 1) expect((await ask(cluster.get('b').url)).status).toBe(200);
    const used = fake.requestsTo('/a/v1/messages').slice(before).map((request) => request.headers.authorization);
    expect(used).not.toContain(`Bearer ${disabledToken}`);
  }, 90_000);
});
