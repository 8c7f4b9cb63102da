import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUpstream } from './support/fake-upstream';
import { startApp, type StartedApp } from './support/start-app';
import { USER, bearerSeen, configFileFor, envFor, getHealth, postMessages, waitForHealth } from './auth-helpers';

/** Issue #14 A.5 and A.6: the credential chain must neither re-spend a dead seed nor stall on a disabled pool. */
describe('credential chain defects', () => {
  let fake: FakeUpstream;
  let dir: string;
  let started: StartedApp | undefined;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  beforeEach(() => {
    fake.reset();
    dir = mkdtempSync(join(tmpdir(), 'chain-defects-'));
    mkdirSync(join(dir, 'data'));
  });
  afterEach(async () => {
    await started?.close();
    started = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => fake.close());

  describe('A.5: an auth.json whose source-key hash is missing or garbled', () => {
    const ENV_KEY = 'rt-spent-env-key-a5';
    const SAVED = 'rt-saved-rotated-a5';

    it.each([
      ['missing', undefined],
      ['garbled', 'not-a-sha256'],
    ])('(%s) continues from the saved token, never re-sends DROID_REFRESH_KEY, and says so on /health', async (kind, hash) => {
      // The env key was spent by an earlier run; only the saved, rotated token is still alive.
      fake.workos.seedRefreshToken(SAVED, USER);
      writeFileSync(join(dir, 'data', 'auth.json'), JSON.stringify({ refresh_token: SAVED, ...(hash && { source_key_sha256: hash }) }));
      started = await startApp({
        configFile: configFileFor(fake),
        env: envFor(fake, { DROID_REFRESH_KEY: ENV_KEY, DATA_DIR: join(dir, 'data') }),
      });
      const health = await waitForHealth(started.url, 200);
      expect(fake.workos.refreshCalls.map((call) => call.refreshToken)).toEqual([SAVED]);
      expect(health.credentials.warning).toContain(`${kind} source_key_sha256`);
      expect((await postMessages(started.url)).status).toBe(200);
      expect(fake.workos.refreshCalls.filter((call) => call.refreshToken === ENV_KEY)).toEqual([]);
      // The rotation wrote the key's hash: the next start trusts the file, with no warning.
      await started.close();
      started = await startApp({ configFile: configFileFor(fake), env: envFor(fake, { DROID_REFRESH_KEY: ENV_KEY, DATA_DIR: join(dir, 'data') }) });
      expect((await getHealth(started.url)).credentials.warning).toBeUndefined();
      expect(fake.workos.refreshCalls.filter((call) => call.refreshToken === ENV_KEY)).toEqual([]);
    });
  });

  describe('A.6: an accounts file holding only disabled accounts', () => {
    const disabled = (id: string) => ({ id, refresh_token: `rt-${id}`, status: 'disabled', disabled_cause: 'payment_required', disabled_reason: 'out of credits' });

    it('gives way to FACTORY_API_KEY, and /health says the pool was passed over', async () => {
      writeFileSync(join(dir, 'data', 'accounts.json'), JSON.stringify({ version: 1, accounts: [disabled('acc_a6one'), disabled('acc_a6two')] }));
      started = await startApp({
        configFile: configFileFor(fake),
        env: envFor(fake, { FACTORY_API_KEY: 'fk-a6-fallback', DATA_DIR: join(dir, 'data') }),
      });
      const health = await waitForHealth(started.url, 200);
      expect(health.credentials).toMatchObject({
        status: 'up',
        source: 'factory-api-key',
        skipped: 'accounts pool skipped: all 2 accounts are disabled; using factory-api-key',
      });
      const body = JSON.parse(health.text) as { details: { accounts: Record<string, unknown> } };
      expect(body.details.accounts).toMatchObject({ status: 'up', inUse: false, disabled: 2 });
      expect((await postMessages(started.url)).status).toBe(200);
      expect(bearerSeen(fake)).toBe('fk-a6-fallback');
    });
  });
});
