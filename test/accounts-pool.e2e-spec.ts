import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountPoolService } from '../src/accounts/pool/account-pool.service';
import { AccountsService } from '../src/accounts/pool/accounts.service';
import { seededRandom } from '../src/accounts/selection/seeded-random';
import { AuthRefreshScheduler } from '../src/auth/auth-refresh.scheduler';
import { MODEL, configFileFor, envFor, getHealth, postMessages } from './auth-helpers';
import { FakeUpstream } from './support/fake-upstream';
import type { RecordedRequest } from './support/recorded-request';
import { startApp, type StartedApp } from './support/start-app';

/** The accounts pool over HTTP: the real app, accounts.json on disk, the fake Factory upstream and fake WorkOS. */

interface FileRecord {
  id: string;
  label: string | null;
  email: string;
  refresh_token: string;
  access_token: string | null;
  token_version: number;
  refreshed_at: string | null;
  status: string;
  disabled_reason: string | null;
  disabled_cause: string | null;
  cooldown_until: string | null;
  stats: { requests: number; successes: number; failures: number; failures_by_class: Record<string, number> };
}

const MESSAGES = '/a/v1/messages';

describe('accounts pool over HTTP', () => {
  let fake: FakeUpstream;
  let dir: string;
  let dataDir: string;
  const apps: StartedApp[] = [];

  const accountsPath = () => join(dataDir, 'accounts.json');
  const file = () => JSON.parse(readFileSync(accountsPath(), 'utf8')) as { version: number; accounts: FileRecord[] };
  const record = (id: string) => file().accounts.find((account) => account.id === id)!;

  /** accounts.json with refresh tokens only (as a person or `accounts add --refresh-token` would start), seeded in WorkOS. */
  const writeAccounts = (ids: string[]) => {
    for (const id of ids) fake.workos.seedRefreshToken(`rt-${id}`, { email: `${id}@example.com` });
    const accounts = ids.map((id) => ({ id, email: `${id}@example.com`, refresh_token: `rt-${id}` }));
    writeFileSync(accountsPath(), JSON.stringify({ version: 1, accounts }));
  };

  const start = async (extraEnv: Record<string, string> = {}) => {
    const app = await startApp({
      configFile: configFileFor(fake),
      env: envFor(fake, { DATA_DIR: dataDir, ACCOUNTS_POLL_MS: '50', ...extraEnv }),
    });
    apps.push(app);
    app.app.get(AccountPoolService).random = seededRandom(20240601);
    return app;
  };
  const accountsOf = (app: StartedApp) => app.app.get(AccountsService);
  /** Until every account has an access token from the start-up refresh. */
  const waitForTokens = (app: StartedApp) =>
    waitFor(() => accountsOf(app).list().every((pooled) => pooled.account.tokens.accessToken && record(pooled.id).access_token));
  /** Which account the fake saw on each request, by the access token the account holds (file or memory). */
  const accountIdOf = (app: StartedApp, request: RecordedRequest) => {
    const token = request.headers.authorization?.replace(/^Bearer /, '');
    return accountsOf(app).list().find((pooled) => pooled.account.tokens.accessToken === token)?.id;
  };
  const servedBy = (app: StartedApp) => fake.requestsTo(MESSAGES).map((request) => accountIdOf(app, request));

  /** Every request under /a/v1/messages: `answer(accountId)` decides, undefined means a normal 200. */
  const answerPerAccount = (app: StartedApp, answer: (accountId: string | undefined) => { status: number; headers?: Record<string, string> } | undefined) => {
    fake.scriptAlways(MESSAGES, {
      custom: (request, res) => {
        const reply = answer(accountIdOf(app, request));
        if (!reply) return anthropicOk(res);
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `scripted ${reply.status}` } }));
      },
    });
  };

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  beforeEach(() => {
    fake.reset();
    // Factory's access tokens live about 8 h; shorter ones would be due for refresh (TOKEN_REFRESH_AHEAD_MS, 2 h) at once.
    fake.workos.accessTokenTtlSeconds = 8 * 3600;
    dir = mkdtempSync(join(tmpdir(), 'accounts-pool-e2e-'));
    dataDir = join(dir, 'data');
    mkdirSync(dataDir);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => fake.close());

  it('takes the top of the chain and refreshes every account at start, one after another, each rotation saved (0600)', async () => {
    writeAccounts(['a', 'b', 'c']);
    fake.workos.delayNextRefreshes(150, 3);
    const app = await start({ FACTORY_API_KEY: 'fk-should-not-be-used' });
    await waitForTokens(app);

    const calls = fake.workos.refreshCalls;
    expect(calls.map((call) => [call.refreshToken, call.outcome])).toEqual([
      ['rt-a', 'issued'],
      ['rt-b', 'issued'],
      ['rt-c', 'issued'],
    ]);
    // Sequential, not all at once: each refresh starts after the previous answer (150 ms) arrived.
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(140);
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(140);
    for (const id of ['a', 'b', 'c']) {
      expect(record(id)).toMatchObject({ refresh_token: fake.workos.currentRefreshToken(`${id}@example.com`), token_version: 1, refreshed_at: expect.any(String) });
    }
    expect(statSync(accountsPath()).mode & 0o777).toBe(0o600);

    const reply = await postMessages(app.url);
    expect(reply.status).toBe(200);
    const used = fake.lastRequest(MESSAGES)!.headers.authorization;
    expect(file().accounts.map((account) => `Bearer ${account.access_token}`)).toContain(used);
    expect(used).not.toBe('Bearer fk-should-not-be-used');
  });

  it('spreads requests by health: an account answering 503 gets far fewer, and every request still succeeds', async () => {
    writeAccounts(['a', 'b', 'c']);
    const app = await start();
    await waitForTokens(app);
    answerPerAccount(app, (id) => (id === 'b' ? { status: 503 } : undefined));

    for (let index = 0; index < 60; index += 1) expect((await postMessages(app.url)).status).toBe(200);
    const counts = countBy(servedBy(app));
    expect(counts.a + counts.b + counts.c).toBeGreaterThan(60);
    expect(counts.b).toBeLessThan(counts.a / 2);
    expect(counts.b).toBeLessThan(counts.c / 2);
    expect(accountsOf(app).get('b')!.account.stats.failuresByClass).toEqual({ server: counts.b });
    // A soft failure only lowers the weight: b stays in the rotation.
    expect(accountsOf(app).get('b')!.account.status).toBe('active');
  });

  it('disables a 401 account (revoked token, refresh refused) and a 402 account, persisted, and still serves every request', async () => {
    writeAccounts(['a', 'b', 'c']);
    const app = await start();
    await waitForTokens(app);
    fake.revokedTokens.add(record('a').access_token!);
    fake.workos.revokeRefreshToken(record('a').refresh_token);
    fake.unpaidTokens.add(record('b').access_token!);

    for (let index = 0; index < 20; index += 1) expect((await postMessages(app.url)).status).toBe(200);
    expect(record('a')).toMatchObject({
      status: 'disabled',
      disabled_cause: 'unauthorized',
      disabled_reason: expect.stringContaining('WorkOS refused the refresh token'),
    });
    expect(record('b')).toMatchObject({
      status: 'disabled',
      disabled_cause: 'payment_required',
      disabled_reason: 'Payment required: this account has no remaining credits',
    });
    expect(record('c').status).toBe('active');
    expect(record('a').stats.failures_by_class).toEqual({ unauthorized: 1 });

    fake.requests.length = 0;
    for (let index = 0; index < 5; index += 1) await postMessages(app.url);
    expect(new Set(servedBy(app))).toEqual(new Set(['c']));
    const health = JSON.parse((await getHealth(app.url)).text) as { info: Record<string, any> };
    expect(health.info.accounts).toMatchObject({ status: 'up', total: 3, usable: 1, disabled: 2 });

    // Through refreshes, a revoked token, a refused refresh and disabling: no token ever reached a log line or /health.
    const secrets = [...file().accounts.flatMap((account) => [account.refresh_token, account.access_token]), 'rt-a', 'rt-b', 'rt-c'];
    const logged = app.logs.text();
    expect(logged).toContain('"event":"usage"');
    const healthText = (await getHealth(app.url)).text;
    for (const secret of secrets.filter((value): value is string => Boolean(value))) {
      expect(logged).not.toContain(secret);
      expect(healthText).not.toContain(secret);
    }
  });

  it('retries a 401 once on the same account after a refresh, and keeps the account when that works', async () => {
    writeAccounts(['a']);
    const app = await start();
    await waitForTokens(app);
    const before = record('a');
    fake.revokedTokens.add(before.access_token!);

    const reply = await postMessages(app.url);
    expect(reply.status).toBe(200);
    const seen = fake.requestsTo(MESSAGES).map((request) => request.headers.authorization);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(`Bearer ${before.access_token}`);
    expect(seen[1]).toBe(`Bearer ${record('a').access_token}`);
    expect(record('a')).toMatchObject({ status: 'active', token_version: before.token_version + 1 });
  });

  it('moves a 429 to another account and keeps the limited account out for its Retry-After', async () => {
    writeAccounts(['a', 'b']);
    const app = await start();
    await waitForTokens(app);
    let limitA = true;
    answerPerAccount(app, (id) => (id === 'a' && limitA ? { status: 429, headers: { 'retry-after': '2' } } : undefined));

    while (!servedBy(app).includes('a')) expect((await postMessages(app.url)).status).toBe(200);
    const limitedAt = Date.now();
    expect(record('a').status === 'cooling' || accountsOf(app).get('a')!.account.status === 'cooling').toBe(true);
    limitA = false;

    fake.requests.length = 0;
    while (Date.now() - limitedAt < 1_500) expect((await postMessages(app.url)).status).toBe(200);
    expect(servedBy(app).length).toBeGreaterThan(3);
    expect(servedBy(app)).not.toContain('a');

    await new Promise((resolve) => setTimeout(resolve, 2_100 - (Date.now() - limitedAt)));
    fake.requests.length = 0;
    for (let index = 0; index < 30; index += 1) await postMessages(app.url);
    expect(servedBy(app)).toContain('a');
  });

  it('hands the client the last upstream error in its route format when every account failed, and /health turns 503', async () => {
    writeAccounts(['a']);
    const app = await start();
    await waitForTokens(app);
    answerPerAccount(app, () => ({ status: 429, headers: { 'retry-after': '30' } }));

    const messages = await postMessages(app.url);
    expect(messages.status).toBe(429);
    expect(JSON.parse(messages.text)).toEqual({ type: 'error', error: { type: 'api_error', message: 'scripted 429' } });

    const chat = await fetch(`${app.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
    });
    // The only account is cooling now: the pool itself answers 429 with the time left.
    expect(chat.status).toBe(429);
    expect(Number(chat.headers.get('retry-after'))).toBeGreaterThan(20);
    expect(await chat.json()).toEqual({ error: { message: expect.stringContaining('rate limited'), type: 'rate_limit_error', code: 'accounts_rate_limited', param: null } });

    const health = await getHealth(app.url);
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text).error.accounts).toMatchObject({ status: 'down', usable: 0, cooling: 1 });
  });

  it('keeps tokens and stats across a restart: no refresh at start, the counters continue', async () => {
    writeAccounts(['a', 'b']);
    const first = await start();
    await waitForTokens(first);
    for (let index = 0; index < 6; index += 1) await postMessages(first.url);
    await first.close();
    const saved = file().accounts;
    expect(saved.reduce((sum, account) => sum + account.stats.successes, 0)).toBe(6);
    const refreshes = fake.workos.refreshCalls.length;

    const second = await start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.workos.refreshCalls).toHaveLength(refreshes);
    const tokensInMemory = accountsOf(second).list().map((pooled) => pooled.account.tokens.refreshToken);
    expect(tokensInMemory).toEqual(saved.map((account) => account.refresh_token));
    expect((await postMessages(second.url)).status).toBe(200);
    expect(saved.map((account) => `Bearer ${account.access_token}`)).toContain(fake.lastRequest(MESSAGES)!.headers.authorization);
    await second.close();
    expect(file().accounts.reduce((sum, account) => sum + account.stats.requests, 0)).toBe(7);
  });

  it('picks up an account added to the file while running, and a stale copy written back cannot undo a rotation', async () => {
    writeAccounts(['a']);
    const app = await start();
    await waitForTokens(app);
    const stale = file();

    // Someone adds an account by hand (no id, only a refresh token and a label).
    fake.workos.seedRefreshToken('rt-new', { email: 'new@example.com' });
    writeFileSync(accountsPath(), JSON.stringify({ version: 1, accounts: [...stale.accounts, { refresh_token: 'rt-new', label: 'added by hand' }] }));
    await waitFor(() => accountsOf(app).list().length === 2);
    const added = accountsOf(app).list()[1];
    expect(added.account).toMatchObject({ label: 'added by hand', id: expect.stringMatching(/^acc_/) });
    await app.app.get(AuthRefreshScheduler).check();
    expect(record(added.id)).toMatchObject({ refresh_token: fake.workos.currentRefreshToken('new@example.com'), token_version: 1 });

    // The gateway rotates a's token; then an editor writes back its old copy of the file, with a label change.
    await accountsOf(app).get('a')!.lifecycle.refreshNow();
    const rotated = record('a').refresh_token;
    expect(rotated).not.toBe('rt-a');
    writeFileSync(accountsPath(), JSON.stringify({ version: 1, accounts: [{ ...stale.accounts[0], label: 'renamed' }, record(added.id)] }));
    await waitFor(() => record('a').label === 'renamed' && record('a').refresh_token === rotated);
    expect(accountsOf(app).get('a')!.account.tokens.refreshToken).toBe(rotated);
    expect(fake.workos.reusedTokenAttempts).toBe(0);
  });
});

function anthropicOk(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'msg_pool',
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 1, output_tokens: 1 },
    }),
  );
}

function countBy(values: (string | undefined)[]): Record<string, number> {
  const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
  for (const value of values) counts[value ?? 'unknown'] = (counts[value ?? 'unknown'] ?? 0) + 1;
  return counts;
}

async function waitFor(condition: () => unknown, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (condition()) return;
    } catch {
      // The file may be mid-write or not there yet.
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
