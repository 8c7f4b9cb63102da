import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthRefreshScheduler } from '../src/auth/auth-refresh.scheduler';
import { AuthService } from '../src/auth/auth.service';
import { FakeUpstream } from './support/fake-upstream';
import { startApp, type StartedApp } from './support/start-app';
import { USER, configFileFor, envFor, postMessages, waitForHealth } from './auth-helpers';

const ENV_KEY = 'rt-workos-faults-e2e-0001';

/**
 * Which WorkOS answers end refreshing for good. Only a 4xx refusal of the grant does: a 5xx (WorkOS, or a proxy in
 * between, whatever body it carries) and an unparseable body never consumed the token, so the refresh is retried
 * after the backoff with the same token.
 */
describe('WorkOS failures that are not a rejected refresh token', () => {
  let fake: FakeUpstream;
  let dataDir: string;
  let started: StartedApp | undefined;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  beforeEach(() => {
    fake.reset();
    fake.workos.seedRefreshToken(ENV_KEY, USER);
    dataDir = mkdtempSync(join(tmpdir(), 'workos-faults-e2e-'));
  });
  afterEach(async () => {
    await started?.close();
    started = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(() => fake.close());

  const start = async () => {
    started = await startApp({
      configFile: configFileFor(fake),
      env: envFor(fake, { DROID_REFRESH_KEY: ENV_KEY, DATA_DIR: dataDir, TOKEN_REFRESH_RETRY_BASE_MS: '100' }),
    });
    return started;
  };

  it.each([
    ['a 500 whose body says invalid_grant', 500, { error: 'invalid_grant', error_description: 'Refresh token already exchanged.' }, 'WorkOS answered 500 (invalid_grant: Refresh token already exchanged.)'],
    ['a 502 HTML page from a proxy', 502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'WorkOS answered 502'],
    ['a 503 with an empty body', 503, '', 'WorkOS answered 503'],
  ])('%s is retried after the backoff with the same token', async (_name, status, body, lastError) => {
    fake.workos.failNextRefreshes(1, status, body);
    const app = await start();
    await waitForHealth(app.url, 503);
    const auth = app.app.get(AuthService);
    for (let i = 0; i < 250 && auth.health().details?.lastError === undefined; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(auth.health().details).toMatchObject({ lastError, refreshRejected: false, nextRetryAt: expect.any(String) });

    await new Promise((resolve) => setTimeout(resolve, 250));
    await app.app.get(AuthRefreshScheduler).check();
    await waitForHealth(app.url, 200);
    expect((await postMessages(app.url)).status).toBe(200);
    expect(fake.workos.refreshCalls.map((call) => [call.refreshToken, call.outcome])).toEqual([
      [ENV_KEY, 'injected-failure'],
      [ENV_KEY, 'issued'],
    ]);
  });

  it('a 400 invalid_grant is still final: reported as rejected and never retried', async () => {
    fake.workos.failNextRefreshes(1, 400, { error: 'invalid_grant', error_description: 'Session has been revoked.' });
    const app = await start();
    await waitForHealth(app.url, 503);
    const auth = app.app.get(AuthService);
    for (let i = 0; i < 250 && auth.health().details?.refreshRejected !== true; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(auth.health().details).toMatchObject({ refreshRejected: true });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await app.app.get(AuthRefreshScheduler).check();
    expect(fake.workos.refreshCalls).toHaveLength(1);
  });
});
