import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthRefreshScheduler } from '../src/auth/auth-refresh.scheduler';
import { AuthService } from '../src/auth/auth.service';
import { FakeUpstream } from './support/fake-upstream';
import { startApp, type StartedApp } from './support/start-app';
import { USER, bearerSeen, configFileFor, envFor, postMessages, replies, waitForHealth, waitForRefresh } from './auth-helpers';

const ENV_KEY = 'rt-env-key-e2e-0001';

describe('DROID_REFRESH_KEY over HTTP against a fake WorkOS', () => {
  let fake: FakeUpstream;
  let dir: string;
  let dataDir: string;
  const apps: StartedApp[] = [];
  /** Everything secret this file handed out or saw; none of it may appear in a log line or a reply. */
  const secrets = new Set<string>([ENV_KEY]);
  const allLogs: string[] = [];

  const start = async (extraEnv: Record<string, string> = {}, configExtra: object = {}) => {
    const started = await startApp({
      configFile: { ...configFileFor(fake), ...configExtra },
      env: envFor(fake, { DROID_REFRESH_KEY: ENV_KEY, DATA_DIR: dataDir, TOKEN_REFRESH_RETRY_BASE_MS: '100', ...extraEnv }),
    });
    apps.push(started);
    return started;
  };
  const stop = async (started: StartedApp) => {
    await started.close();
    allLogs.push(started.logs.text());
  };
  const savedFile = () => JSON.parse(readFileSync(join(dataDir, 'auth.json'), 'utf8')) as Record<string, string>;
  /** What the 'credentials' readiness check reports (the /health details). */
  const credentialsOf = (started: StartedApp) => started.app.get(AuthService).health().details;
  const refreshedWith = () => fake.workos.refreshCalls.map((call) => call.refreshToken);

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  beforeEach(() => {
    fake.reset();
    fake.workos.seedRefreshToken(ENV_KEY, USER);
    dir = mkdtempSync(join(tmpdir(), 'auth-refresh-e2e-'));
    dataDir = join(dir, 'data');
  });
  afterEach(async () => {
    for (const started of apps.splice(0)) await stop(started);
    for (const call of fake.workos.refreshCalls) secrets.add(call.refreshToken);
    for (const request of fake.requests) {
      const token = request.headers.authorization?.replace(/^Bearer /, '');
      if (token) secrets.add(token);
      if (typeof request.body?.refresh_token === 'string') secrets.add(request.body.refresh_token as string);
    }
    const current = fake.workos.currentRefreshToken(USER.email);
    if (current) secrets.add(current);
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => fake.close());

  it('refreshes at start, saves the rotated token (mode 0600, key hash) before using it', async () => {
    const started = await start();
    await waitForHealth(started.url, 200);
    const rotated = fake.workos.currentRefreshToken(USER.email)!;
    expect(refreshedWith()).toEqual([ENV_KEY]);
    expect(savedFile()).toMatchObject({
      refresh_token: rotated,
      source_key_sha256: createHash('sha256').update(ENV_KEY).digest('hex'),
    });
    expect(statSync(join(dataDir, 'auth.json')).mode & 0o777).toBe(0o600);

    const reply = await postMessages(started.url);
    expect(reply.status).toBe(200);
    expect(bearerSeen(fake)).toBe(savedFile().access_token);
  });

  it('after a restart continues from the saved token: the dead env key is never replayed', async () => {
    const first = await start();
    await waitForHealth(first.url, 200);
    await stop(apps.pop()!);
    const rotated = savedFile().refresh_token;

    const second = await start();
    await waitForRefresh(second.url);
    expect(refreshedWith()).toEqual([ENV_KEY, rotated]);
    expect(fake.workos.refreshCalls.map((call) => call.outcome)).toEqual(['issued', 'issued']);
    expect(fake.workos.reusedTokenAttempts).toBe(0);
    expect(savedFile().refresh_token).toBe(fake.workos.currentRefreshToken(USER.email));
    expect((await postMessages(second.url)).status).toBe(200);
  });

  it('50 concurrent requests when the token is due share exactly one refresh', async () => {
    // A token that lives 30 s is inside the 60 s expiry margin at once: every request finds it due. The next one lives
    // an hour, so a request arriving after the shared refresh has finished uses it as it is.
    fake.workos.accessTokenTtlSeconds = 30;
    const started = await start();
    await waitForHealth(started.url, 200);
    expect(fake.workos.refreshCalls).toHaveLength(1);
    fake.workos.accessTokenTtlSeconds = 3600;
    fake.workos.delayNextRefreshes(300);

    const results = await Promise.all(Array.from({ length: 50 }, () => postMessages(started.url)));
    expect(results.map((reply) => reply.status)).toEqual(Array(50).fill(200));
    expect(fake.workos.refreshCalls).toHaveLength(2);
    expect(fake.workos.reusedTokenAttempts).toBe(0);
    const used = new Set(fake.requestsTo('/a/v1/messages').map((request) => request.headers.authorization));
    expect(used.size).toBe(1);
    expect(savedFile().refresh_token).toBe(fake.workos.currentRefreshToken(USER.email));
  });

  it('a failure at start leaves the process up and /health 503 with the reason, then recovers', async () => {
    fake.workos.failNextRefreshes(1, 500);
    const started = await start();
    const down = await waitForHealth(started.url, 503);
    const expected = {
      source: 'droid-refresh-key',
      valid: false,
      lastError: 'WorkOS answered 500 (server_error: Injected failure.)',
      nextRetryAt: expect.any(String),
    };
    expect(down.status).toBe(503);
    expect(credentialsOf(started)).toMatchObject(expected);
    const refused = await postMessages(started.url);
    expect(refused.status).toBe(503);
    expect(refused.text).toContain('Upstream credential unavailable');
    expect(refused.text).toContain('WorkOS answered 500');

    // The scheduler's next check after the backoff retries.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await started.app.get(AuthRefreshScheduler).check();
    const up = await waitForHealth(started.url, 200);
    expect(up.credentials).toMatchObject({ status: 'up', source: 'droid-refresh-key', valid: true, expiresAt: expect.any(String) });
    expect(up.credentials.lastError).toBeUndefined();
    expect((await postMessages(started.url)).status).toBe(200);
    expect(fake.workos.refreshCalls.map((call) => call.outcome)).toEqual(['injected-failure', 'issued']);
  });


  it('/health answers 503 with the credential details in its terminus JSON body', async () => {
    fake.workos.failNextRefreshes(1, 500);
    const started = await start();
    // Not ready from the start; the reason appears once the first refresh has failed.
    let down = await waitForHealth(started.url, 503);
    for (let i = 0; i < 100 && down.credentials?.lastError === undefined; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      down = await waitForHealth(started.url, 503);
    }
    expect(down.credentials).toMatchObject({
      status: 'down',
      source: 'droid-refresh-key',
      lastError: 'WorkOS answered 500 (server_error: Injected failure.)',
    });
  });

  it('a rejected refresh token is reported with what to do, and not retried', async () => {
    fake.workos.revokeRefreshToken(ENV_KEY);
    const started = await start();
    await waitForHealth(started.url, 503);
    expect(credentialsOf(started).lastError).toMatch(/^refresh token rejected by WorkOS \(invalid_grant: .*\): sign in again/);
    expect(credentialsOf(started).refreshRejected).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await started.app.get(AuthRefreshScheduler).check();
    expect(fake.workos.refreshCalls).toHaveLength(1);
  });

  it('a 401 from upstream refreshes once and retries once, invisibly to the client', async () => {
    const started = await start();
    await waitForHealth(started.url, 200);
    expect((await postMessages(started.url)).status).toBe(200);
    const refusedToken = bearerSeen(fake)!;
    fake.revokedTokens.add(refusedToken);

    const reply = await postMessages(started.url);
    expect(reply.status).toBe(200);
    const attempts = fake.requestsTo('/a/v1/messages');
    const seen = attempts.map((request) => request.headers.authorization);
    expect(seen).toHaveLength(3);
    expect(seen[1]).toBe(`Bearer ${refusedToken}`);
    expect(seen[2]).not.toBe(seen[1]);
    // One client request, one identity: the retry carries the refused attempt's session and message ids.
    const ids = (index: number) => [attempts[index].headers['x-session-id'], attempts[index].headers['x-assistant-message-id']];
    expect(ids(2)).toEqual(ids(1));
    expect(ids(1)).not.toEqual(ids(0));
    expect(fake.workos.refreshCalls.map((call) => call.outcome)).toEqual(['issued', 'issued']);
    expect(savedFile().access_token).toBe(bearerSeen(fake));
  });

  it('reports a corrupt token file, never overwrites it, and recovers once it is removed', async () => {
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'auth.json'), '{"refresh_token": "rt-half-written');
    const started = await start();
    await waitForHealth(started.url, 503);
    expect(String(credentialsOf(started).error)).toContain('auth.json is not valid JSON');
    await started.app.get(AuthRefreshScheduler).check();
    expect(readFileSync(join(dataDir, 'auth.json'), 'utf8')).toBe('{"refresh_token": "rt-half-written');
    expect(fake.workos.refreshCalls).toHaveLength(0);

    rmSync(join(dataDir, 'auth.json'));
    await started.app.get(AuthRefreshScheduler).check();
    await waitForHealth(started.url, 200);
    expect(refreshedWith()).toEqual([ENV_KEY]);
  });

  // Runs last: scans everything the tests above logged and answered.
  it('never logs or answers with a token', async () => {
    // Dev mode dumps request headers and bodies into the log; trace level logs everything there is.
    const started = await start({ LOG_LEVEL: 'trace' }, { dev_mode: true });
    await waitForHealth(started.url, 200);
    await postMessages(started.url, { authorization: 'Bearer client-token-dev-dump', 'x-api-key': 'client-key-dev-dump' });
    secrets.add('client-token-dev-dump').add('client-key-dev-dump');
    fake.revokedTokens.add(bearerSeen(fake)!);
    await postMessages(started.url);
    await stop(apps.pop()!);
    for (const call of fake.workos.refreshCalls) secrets.add(call.refreshToken);
    secrets.add(fake.workos.currentRefreshToken(USER.email)!);
    secrets.add(bearerSeen(fake)!);

    const logs = allLogs.join('\n');
    expect(logs).toContain('upstream credential source');
    expect(logs).toContain(USER.email);
    expect(secrets.size).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect(logs).not.toContain(secret);
      for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(secret);
    }
  });
});
