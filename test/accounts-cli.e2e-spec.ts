import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFileFor, envFor } from './auth-helpers';
import { FakeUpstream } from './support/fake-upstream';
import { TS_REGISTER } from './support/gateway-process';
import { REPO_ROOT, startApp, type StartedApp } from './support/start-app';

/**
 * `npm run accounts -- <command>` as a real process against the fake WorkOS. The CLI runs from its TypeScript
 * source through a tiny swc require hook (what the jest transform does), so no build is needed and a run takes
 * about a second.
 */

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}


describe('accounts CLI', () => {
  let fake: FakeUpstream;
  let dir: string;
  let hookPath: string;
  let accountsPath: string;
  let gateway: StartedApp | undefined;
  const file = () => JSON.parse(readFileSync(accountsPath, 'utf8')) as { accounts: Record<string, any>[] };

  /** The CLI with a clean environment: nothing of the developer's shell or .env leaks in. */
  const run = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', hookPath, join(REPO_ROOT, 'src/accounts/cli/main.ts'), ...args], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: join(dir, 'home'),
          CONFIG_PATH: join(REPO_ROOT, 'config/config.json'),
          ACCOUNTS_PATH: accountsPath,
          WORKOS_API_URL: fake.url,
          WORKOS_AUTH_URL: `${fake.url}/user_management/authenticate`,
          ...extraEnv,
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

  /** Approves (or denies) the n-th device sign-in as soon as the CLI has started it. */
  const answerDevice = async (index: number, answer: { email: string } | 'deny') => {
    await fake.waitUntil(() => fake.workos.device.started[index], 15_000, `device sign-in #${index + 1}`);
    const { userCode } = fake.workos.device.started[index];
    if (answer === 'deny') fake.workos.denyDevice(userCode);
    else fake.workos.approveDevice(userCode, answer);
  };

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  beforeEach(() => {
    fake.reset();
    fake.workos.device.intervalSeconds = 1;
    fake.workos.accessTokenTtlSeconds = 8 * 3600;
    dir = mkdtempSync(join(tmpdir(), 'accounts-cli-e2e-'));
    mkdirSync(join(dir, 'home'));
    hookPath = join(dir, 'swc-hook.js');
    writeFileSync(hookPath, TS_REGISTER);
    accountsPath = join(dir, 'data', 'accounts.json');
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => fake.close());

  it('add: signs in through the device flow, shows the code and link, and saves the account (0600) before saying so', async () => {
    const running = run(['add', '--label', 'team-a']);
    await answerDevice(0, { email: 'dev@example.com' });
    const result = await running;

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { userCode } = fake.workos.device.started[0];
    expect(result.stdout).toContain(`confirm the code ${userCode}`);
    expect(result.stdout).toContain(`${fake.url}/device?user_code=${userCode}`);
    // No terminal: plain lines, no spinner frames or cursor codes.
    expect(result.stdout).not.toContain('\x1b[');
    const [account] = file().accounts;
    expect(account).toMatchObject({
      id: expect.stringMatching(/^acc_[0-9a-f]{10}$/),
      email: 'dev@example.com',
      label: 'team-a',
      status: 'active',
      token_version: 1,
      refreshed_at: expect.any(String),
      access_token: expect.any(String),
    });
    expect(result.stdout).toContain(`Added account ${account.id} (dev@example.com)`);
    expect(statSync(accountsPath).mode & 0o777).toBe(0o600);

    const polls = fake.requestsTo('/user_management/authenticate');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.every((poll) => poll.body.grant_type === 'urn:ietf:params:oauth:grant-type:device_code')).toBe(true);
    expect(fake.requestsTo('/user_management/authorize/device')[0].body).toMatchObject({ client_id: expect.stringMatching(/^client_/) });
    expect(result.stdout).not.toContain(account.refresh_token);
    expect(result.stdout).not.toContain(account.access_token);
  }, 20_000);

  it('add --loop adds accounts until a sign-in is not approved; a denied single add exits 1 and writes nothing', async () => {
    const looping = run(['add', '--loop']);
    await answerDevice(0, { email: 'first@example.com' });
    await answerDevice(1, { email: 'second@example.com' });
    await answerDevice(2, 'deny');
    const result = await looping;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('denied');
    expect(file().accounts.map((account) => account.email)).toEqual(['first@example.com', 'second@example.com']);

    rmSync(accountsPath);
    const single = run(['add']);
    await answerDevice(3, 'deny');
    expect((await single).code).toBe(1);
    expect(existsSync(accountsPath)).toBe(false);
  }, 30_000);

  it('add --refresh-token rotates the token once and saves the new one; a spent token is refused and nothing is written', async () => {
    fake.workos.seedRefreshToken('rt-import-1', { email: 'import@example.com' });
    const result = await run(['add', '--refresh-token', 'rt-import-1']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(fake.workos.refreshCalls.map((call) => [call.refreshToken, call.outcome])).toEqual([['rt-import-1', 'issued']]);
    const [account] = file().accounts;
    expect(account).toMatchObject({ email: 'import@example.com', refresh_token: fake.workos.currentRefreshToken('import@example.com') });
    expect(result.stdout).toContain(`Added account ${account.id} (import@example.com)`);

    const again = await run(['add', '--refresh-token', 'rt-import-1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The refresh token was not accepted');
    expect(again.stderr).not.toContain('rt-import-1');
    expect(file().accounts).toEqual([account]);
  }, 20_000);

  it('list shows accounts without tokens; enable, disable and remove change the file', async () => {
    fake.workos.seedRefreshToken('rt-list', { email: 'list@example.com' });
    await run(['add', '--refresh-token', 'rt-list', '--label', 'listed']);
    const { id, refresh_token: refreshToken, access_token: accessToken } = file().accounts[0];

    const list = await run(['list']);
    expect(list.code).toBe(0);
    const [header, row] = list.stdout.trim().split('\n');
    expect(header.split(/\s+/)).toEqual(['ID', 'LABEL', 'EMAIL', 'STATUS', 'HEALTH', 'EXPIRES']);
    expect(row.split(/\s{2,}/)).toEqual([id, 'listed', 'list@example.com', 'active', '100%', expect.stringMatching(/^in 7 h 5\d min$/)]);
    expect(list.stdout).not.toContain(refreshToken);
    expect(list.stdout).not.toContain(accessToken);

    expect((await run(['disable', id])).code).toBe(0);
    expect(file().accounts[0]).toMatchObject({ status: 'disabled', disabled_cause: 'manual' });
    expect((await run(['list'])).stdout).toContain('disabled');
    expect((await run(['enable', id])).code).toBe(0);
    expect(file().accounts[0]).toMatchObject({ status: 'active', disabled_cause: null });

    const unknown = await run(['remove', 'acc_nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No account with id 'acc_nope'");
    expect((await run(['remove', id])).code).toBe(0);
    expect(file().accounts).toEqual([]);
    expect((await run(['frobnicate'])).code).toBe(2);
  }, 30_000);

  it('sync --to pushes the local accounts to a running gateway with the admin key', async () => {
    fake.workos.seedRefreshToken('rt-sync', { email: 'sync@example.com' });
    await run(['add', '--refresh-token', 'rt-sync']);
    const local = file().accounts[0];
    const gatewayData = join(dir, 'gateway');
    mkdirSync(gatewayData);
    gateway = await startApp({
      configFile: configFileFor(fake),
      env: envFor(fake, { DATA_DIR: gatewayData, ADMIN_API_KEY: 'admin-sync-key', FACTORY_API_KEY: 'fk-sync' }),
    });

    const withoutKey = await run(['sync', '--to', gateway.url]);
    expect(withoutKey.code).toBe(1);
    expect(withoutKey.stderr).toContain('ADMIN_API_KEY');

    const wrongKey = await run(['sync', '--to', gateway.url], { ADMIN_API_KEY: 'wrong' });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('answered 401');

    const result = await run(['sync', '--to', gateway.url], { ADMIN_API_KEY: 'admin-sync-key' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${local.id}: added`);
    const pushed = JSON.parse(readFileSync(join(gatewayData, 'accounts.json'), 'utf8')) as { accounts: Record<string, any>[] };
    expect(pushed.accounts).toEqual([expect.objectContaining({ id: local.id, refresh_token: local.refresh_token, email: 'sync@example.com' })]);
  }, 30_000);
});
