import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUpstream } from './support/fake-upstream';
import { fakeJwt } from './support/fake-workos';
import { startApp, type StartedApp } from './support/start-app';
import { USER, bearerSeen, configFileFor, envFor, postMessages, replies, waitForHealth } from './auth-helpers';

const FACTORY_KEY = 'fk-chain-e2e-fixed';
const REFRESH_KEY = 'rt-chain-e2e-env';
const FILE_REFRESH = 'rt-chain-e2e-cli-file';
const CLIENT_TOKEN = 'client-own-token-e2e';

describe('credential chain over HTTP', () => {
  let fake: FakeUpstream;
  let dir: string;
  let home: string;
  let started: StartedApp | undefined;
  const logs: string[] = [];

  const cliFile = () => join(home, '.factory', 'auth.json');
  const cliContent = {
    access_token: fakeJwt({ sub: USER.id, exp: Math.floor(Date.now() / 1000) - 60 }),
    refresh_token: FILE_REFRESH,
    user: { email: USER.email },
    cli_setting: 'kept',
  };
  const writeCliFile = () => {
    mkdirSync(join(home, '.factory'), { recursive: true });
    writeFileSync(cliFile(), JSON.stringify(cliContent, null, 2), { mode: 0o644 });
  };
  const start = async (env: Record<string, string>) => {
    started = await startApp({
      configFile: configFileFor(fake),
      env: envFor(fake, { HOME: home, DATA_DIR: join(dir, 'data'), ...env }),
    });
    return started;
  };
  const sourceLines = () =>
    started!.logs.lines().filter((line) => line.msg === 'upstream credential source');

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  beforeEach(() => {
    fake.reset();
    fake.workos.seedRefreshToken(REFRESH_KEY, USER);
    fake.workos.seedRefreshToken(FILE_REFRESH, USER);
    dir = mkdtempSync(join(tmpdir(), 'auth-chain-e2e-'));
    home = join(dir, 'home');
    mkdirSync(home);
  });
  afterEach(async () => {
    if (started) {
      await started.close();
      logs.push(started.logs.text());
      started = undefined;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => fake.close());

  it('with nothing configured passes the client credential through (client mode)', async () => {
    const app = await start({});
    const health = await waitForHealth(app.url, 200);
    expect(health.credentials).toMatchObject({ status: 'up', source: 'client' });

    const anonymous = await postMessages(app.url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toContain('No upstream credential');
    expect(fake.requestsTo('/a/v1/messages')).toHaveLength(0);

    expect((await postMessages(app.url, { authorization: `Bearer ${CLIENT_TOKEN}` })).status).toBe(200);
    expect(bearerSeen(fake)).toBe(CLIENT_TOKEN);
    expect((await postMessages(app.url, { 'x-api-key': CLIENT_TOKEN })).status).toBe(200);
    expect(fake.lastRequest('/a/v1/messages')?.headers.authorization).toBe(`Bearer ${CLIENT_TOKEN}`);

    // The client's own token is never refreshed: its 401 goes back as it is.
    fake.revokedTokens.add(CLIENT_TOKEN);
    expect((await postMessages(app.url, { authorization: `Bearer ${CLIENT_TOKEN}` })).status).toBe(401);
    expect(fake.workos.refreshCalls).toHaveLength(0);
    expect(sourceLines()).toHaveLength(1);
  });

  it('FACTORY_API_KEY beats DROID_REFRESH_KEY, auth.json and the client header, and is never refreshed', async () => {
    writeCliFile();
    const app = await start({ FACTORY_API_KEY: FACTORY_KEY, DROID_REFRESH_KEY: REFRESH_KEY });
    expect((await waitForHealth(app.url, 200)).credentials).toMatchObject({ source: 'factory-api-key' });
    expect((await postMessages(app.url, { authorization: `Bearer ${CLIENT_TOKEN}` })).status).toBe(200);
    expect(bearerSeen(fake)).toBe(FACTORY_KEY);

    fake.revokedTokens.add(FACTORY_KEY);
    expect((await postMessages(app.url)).status).toBe(401);
    expect(fake.requestsTo('/a/v1/messages')).toHaveLength(2);
    expect(fake.workos.refreshCalls).toHaveLength(0);
    expect(JSON.parse(readFileSync(cliFile(), 'utf8'))).toEqual(cliContent);
    expect(sourceLines()).toEqual([expect.objectContaining({ source: 'factory-api-key' })]);
  });

  it('DROID_REFRESH_KEY beats auth.json, which stays untouched', async () => {
    writeCliFile();
    const app = await start({ DROID_REFRESH_KEY: REFRESH_KEY });
    expect((await waitForHealth(app.url, 200)).credentials).toMatchObject({ source: 'droid-refresh-key' });
    expect(fake.workos.refreshCalls.map((call) => call.refreshToken)).toEqual([REFRESH_KEY]);
    expect((await postMessages(app.url, { authorization: `Bearer ${CLIENT_TOKEN}` })).status).toBe(200);
    expect(bearerSeen(fake)).not.toBe(CLIENT_TOKEN);
    expect(JSON.parse(readFileSync(cliFile(), 'utf8'))).toEqual(cliContent);
  });

  it('~/.factory/auth.json is refreshed and written back in place, other fields kept, mode 0600', async () => {
    writeCliFile();
    const app = await start({});
    expect((await waitForHealth(app.url, 200)).credentials).toMatchObject({ source: 'factory-auth-file' });
    expect(fake.workos.refreshCalls.map((call) => call.refreshToken)).toEqual([FILE_REFRESH]);

    const written = JSON.parse(readFileSync(cliFile(), 'utf8')) as typeof cliContent;
    expect(written).toEqual({
      ...cliContent,
      access_token: expect.any(String),
      refresh_token: fake.workos.currentRefreshToken(USER.email),
    });
    expect(written.access_token).not.toBe(cliContent.access_token);
    expect(statSync(cliFile()).mode & 0o777).toBe(0o600);

    expect((await postMessages(app.url, { authorization: `Bearer ${CLIENT_TOKEN}` })).status).toBe(200);
    expect(bearerSeen(fake)).toBe(written.access_token);
  });

  it('logged the source once per start and never a credential', () => {
    const all = logs.join('\n');
    const tokens = [FACTORY_KEY, REFRESH_KEY, FILE_REFRESH, CLIENT_TOKEN, cliContent.access_token];
    for (const token of tokens) {
      expect(all).not.toContain(token);
      for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(token);
    }
    expect(all.split('upstream credential source').length - 1).toBe(4);
  });
});
