import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFileFor, envFor } from './auth-helpers';
import { FakeUpstream } from './support/fake-upstream';
import { startApp, type StartedApp } from './support/start-app';

/** The admin API under /admin: off without ADMIN_API_KEY, key checked, no secrets out, merge rules on import. */

const ADMIN_KEY = 'admin-e2e-key-5b1f0c';
const HOUR = 3_600_000;

interface Reply {
  status: number;
  body: any;
  text: string;
}

/** An account record with a live-looking access token, so nothing is refreshed during the test. */
function stored(id: string, email: string, refreshedAt: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    email,
    label: `label-${id}`,
    refresh_token: `rt-secret-${id}-${refreshedAt}`,
    access_token: `at-secret-${id}-${refreshedAt}`,
    expires_at: new Date(Date.now() + 8 * HOUR).toISOString(),
    token_version: 3,
    refreshed_at: new Date(refreshedAt).toISOString(),
    ...extra,
  };
}

describe('admin API /admin/accounts', () => {
  let fake: FakeUpstream;
  let dir: string;
  let dataDir: string;
  let app: StartedApp | undefined;
  const accountsPath = () => join(dataDir, 'accounts.json');
  const file = () => JSON.parse(readFileSync(accountsPath(), 'utf8')) as { accounts: Record<string, any>[] };
  const T = Date.now() - HOUR;

  const start = async (env: Record<string, string> = { ADMIN_API_KEY: ADMIN_KEY }) => {
    app = await startApp({ configFile: configFileFor(fake), env: envFor(fake, { DATA_DIR: dataDir, ACCOUNTS_POLL_MS: '50', ...env }) });
    return app;
  };
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` }): Promise<Reply> => {
    const response = await fetch(`${app!.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  beforeEach(() => {
    fake.reset();
    dir = mkdtempSync(join(tmpdir(), 'accounts-admin-e2e-'));
    dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(accountsPath(), JSON.stringify({ version: 1, accounts: [stored('acc_one', 'one@example.com', T), stored('acc_two', 'two@example.com', T)] }));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => fake.close());

  it('does not exist without ADMIN_API_KEY: 404 in the OpenAI error shape for every verb', async () => {
    await start({});
    for (const [method, path] of [
      ['GET', '/admin/accounts'],
      ['POST', '/admin/accounts'],
      ['PATCH', '/admin/accounts/acc_one'],
      ['DELETE', '/admin/accounts/acc_one'],
    ]) {
      const reply = await call(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({ error: { message: `Unknown route: ${method} ${path}`, type: 'invalid_request_error', code: null, param: null } });
    }
    // Indistinguishable from a route that does not exist at all.
    const unknown = await call('GET', '/admin/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { message: 'Unknown route: GET /admin/nothing-here', type: 'invalid_request_error', code: null, param: null } });
    expect(file().accounts).toHaveLength(2);
    expect((await call('GET', '/')).body.endpoints).not.toContain('GET /admin/accounts');
  });

  it('is listed at GET / when ADMIN_API_KEY is set', async () => {
    await start();
    expect((await call('GET', '/')).body.endpoints).toEqual(expect.arrayContaining(['GET /admin/accounts', 'DELETE /admin/accounts/:id']));
  });

  it('refuses a missing or wrong key (401) and accepts the key as Bearer or x-api-key', async () => {
    await start();
    const missing = await call('GET', '/admin/accounts', undefined, {});
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ code: 'invalid_api_key', type: 'authentication_error', message: expect.stringContaining('Missing admin API key') });
    const wrong: Record<string, string>[] = [{ authorization: `Bearer ${ADMIN_KEY}x` }, { 'x-api-key': ADMIN_KEY.slice(0, -1) }, { authorization: 'Bearer ' }];
    for (const headers of wrong) {
      expect((await call('GET', '/admin/accounts', undefined, headers)).status).toBe(401);
    }
    expect((await call('DELETE', '/admin/accounts/acc_one', undefined, { 'x-api-key': 'nope' })).status).toBe(401);
    expect(file().accounts).toHaveLength(2);
    expect((await call('GET', '/admin/accounts', undefined, { 'x-api-key': ADMIN_KEY })).status).toBe(200);
    expect((await call('GET', '/admin/accounts', undefined, { authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(200);
  });

  it('is guarded by ADMIN_API_KEY alone when inbound client keys are on (a client key does not open it)', async () => {
    await start({ ADMIN_API_KEY: ADMIN_KEY, PROXY_API_KEYS: 'team:sk-client-key' });
    expect((await call('GET', '/admin/accounts', undefined, { authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(200);
    expect((await call('GET', '/admin/accounts', undefined, { authorization: 'Bearer sk-client-key' })).status).toBe(401);
    expect((await call('GET', '/admin/accounts', undefined, {})).status).toBe(401);
  });

  it('lists health, stats, status and expiry without any token', async () => {
    await start();
    const reply = await call('GET', '/admin/accounts');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ object: 'list', summary: { total: 2, usable: 2, active: 2, cooling: 0, disabled: 0 } });
    expect(reply.body.data[0]).toMatchObject({
      id: 'acc_one',
      email: 'one@example.com',
      label: 'label-acc_one',
      status: 'active',
      health: 1,
      expires_at: expect.any(String),
      token_version: 3,
      stats: { requests: 0, successes: 0, failures: 0 },
      refresh: { refresh_rejected: false },
    });
    expect(reply.text).not.toMatch(/rt-secret|at-secret|refresh_token|access_token/);
  });

  it('imports: adds new accounts, merges by id or email, and never replaces a token with an older one', async () => {
    await start();
    const before = file().accounts.find((account) => account.id === 'acc_one')!;
    const reply = await call('POST', '/admin/accounts', {
      accounts: [
        // A stale push of acc_one (an older token), renamed.
        stored('acc_one', 'one@example.com', T - HOUR, { label: 'renamed', token_version: 99 }),
        // acc_two signed in again elsewhere: no id, matched by email (case-insensitive), a newer token.
        { email: 'TWO@example.com', refresh_token: 'rt-secret-two-new', refreshed_at: new Date(T + 60_000).toISOString(), token_version: 1 },
        { email: 'three@example.com', refresh_token: 'rt-secret-three', label: 'new one' },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual([
      { id: 'acc_one', outcome: 'updated', tokens: 'kept_newer' },
      { id: 'acc_two', outcome: 'updated', tokens: 'replaced' },
      { id: expect.stringMatching(/^acc_/), outcome: 'added', tokens: 'new' },
    ]);
    expect(reply.body.note).toBeUndefined();
    expect(reply.text).not.toContain('rt-secret');

    const saved = file().accounts;
    expect(saved.map((account) => account.id)).toEqual(['acc_one', 'acc_two', reply.body.data[2].id]);
    expect(saved[0]).toMatchObject({ label: 'renamed', refresh_token: before.refresh_token, token_version: 3 });
    expect(saved[1]).toMatchObject({ refresh_token: 'rt-secret-two-new', email: 'TWO@example.com', label: 'label-acc_two' });
    expect(saved[2]).toMatchObject({ email: 'three@example.com', label: 'new one', status: 'active' });

    const again = await call('POST', '/admin/accounts', [stored('acc_one', 'one@example.com', T - HOUR, { label: 'renamed' })]);
    expect(again.body.data).toEqual([{ id: 'acc_one', outcome: 'unchanged', tokens: 'kept_newer' }]);
  });

  it('rejects an invalid import as a whole, naming the entry', async () => {
    await start();
    const reply = await call('POST', '/admin/accounts', { accounts: [{ email: 'ok@example.com', refresh_token: 'rt-ok' }, { email: 'bad@example.com' }] });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: { message: 'accounts[1]: refresh_token is required', type: 'invalid_request_error', code: 'invalid_request', param: 'accounts[1]' },
    });
    expect((await call('POST', '/admin/accounts', { nope: true })).status).toBe(400);
    expect(file().accounts).toHaveLength(2);
  });

  it('disables, enables and relabels with PATCH, and deletes with DELETE, each saved to the file', async () => {
    await start();
    const disabled = await call('PATCH', '/admin/accounts/acc_one', { enabled: false, reason: 'maintenance' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: 'acc_one', status: 'disabled', disabled_cause: 'manual', disabled_reason: 'maintenance' });
    expect(file().accounts[0]).toMatchObject({ status: 'disabled', disabled_reason: 'maintenance' });
    expect((await call('GET', '/admin/accounts')).body.summary).toMatchObject({ usable: 1, disabled: 1 });

    const enabled = await call('PATCH', '/admin/accounts/acc_one', { status: 'active', label: 'primary' });
    expect(enabled.body).toMatchObject({ status: 'active', label: 'primary', disabled_reason: null });
    expect(file().accounts[0]).toMatchObject({ status: 'active', label: 'primary' });

    expect((await call('PATCH', '/admin/accounts/acc_one', { status: 'paused' })).body.error).toMatchObject({ param: 'status' });
    expect((await call('PATCH', '/admin/accounts/acc_nope', { enabled: true })).status).toBe(404);

    const deleted = await call('DELETE', '/admin/accounts/acc_two');
    expect(deleted.body).toEqual({ id: 'acc_two', object: 'account', deleted: true });
    expect(file().accounts.map((account) => account.id)).toEqual(['acc_one']);
    expect((await call('DELETE', '/admin/accounts/acc_two')).body.error).toMatchObject({ code: 'account_not_found' });
  });

  it('says a restart is needed when the gateway started without accounts', async () => {
    rmSync(accountsPath());
    await start({ ADMIN_API_KEY: ADMIN_KEY, FACTORY_API_KEY: 'fk-admin-e2e' });
    const reply = await call('POST', '/admin/accounts', { accounts: [stored('acc_one', 'one@example.com', T)] });
    expect(reply.body.note).toContain("uses the 'factory-api-key' credential source");
    expect(file().accounts).toHaveLength(1);
  });
});
