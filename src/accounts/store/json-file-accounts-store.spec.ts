import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyStats, type Account } from '../account';
import { parseAccounts, serializeAccounts } from '../accounts-file';
import { JsonFileAccountsStore } from './json-file-accounts-store';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const SECRET = 'rt-secret-do-not-quote';

function account(id: string): Account {
  return {
    id,
    label: `label ${id}`,
    email: `${id}@example.com`,
    tokens: { refreshToken: `${SECRET}-${id}`, accessToken: `at-${id}`, expiresAt: T0 + 1_000, version: 3, refreshedAt: T0 },
    status: 'active',
    createdAt: T0,
    stats: { ...emptyStats(T0), requests: 4, successes: 3, failures: 1, failuresByClass: { rate_limited: 1 }, lastUsedAt: T0 },
  };
}

let dir: string;
let path: string;
const stops: (() => void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'accounts-store-'));
  path = join(dir, 'sub', 'accounts.json');
});
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  rmSync(dir, { recursive: true, force: true });
});

const store = () => new JsonFileAccountsStore(path, { pollMs: 40, now: () => T0 });

describe(JsonFileAccountsStore.name, () => {
  it('reports a missing file as missing', async () => {
    await expect(store().load()).resolves.toEqual({ kind: 'missing' });
  });

  it('saves with mode 0600 in a new directory and loads the same accounts back', async () => {
    await store().save([account('a'), account('b')]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      version: 1,
      accounts: [{ id: 'a', refresh_token: `${SECRET}-a`, token_version: 3, refreshed_at: '2030-01-01T00:00:00.000Z', status: 'active' }, { id: 'b' }],
    });
    await expect(store().load()).resolves.toEqual({ kind: 'ok', accounts: [account('a'), account('b')] });
  });

  it('reports a broken file without quoting it, and refuses to overwrite it', async () => {
    await store().save([account('a')]);
    const broken = `{"accounts": [{"refresh_token": "${SECRET}"`;
    writeFileSync(path, broken);
    const loaded = await store().load();
    expect(loaded).toEqual({ kind: 'broken', reason: expect.stringContaining('is not valid JSON') });
    expect(JSON.stringify(loaded)).not.toContain(SECRET);
    await expect(store().save([account('b')])).rejects.toThrow('not overwriting it');
    expect(readFileSync(path, 'utf8')).toBe(broken);
  });

  it('tells about changes made by others, not about its own saves', async () => {
    const watched = store();
    await watched.save([account('a')]);
    const onChange = jest.fn();
    stops.push(watched.watch(onChange));
    await watched.save([account('a'), account('b')]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(onChange).not.toHaveBeenCalled();

    writeFileSync(path, serializeAccounts([account('c')]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(onChange).toHaveBeenCalled();
  });
});

describe(parseAccounts.name, () => {
  it('accepts a hand-written minimal entry: only refresh_token is required', () => {
    const parsed = parseAccounts(JSON.stringify({ accounts: [{ refresh_token: 'rt-1', label: 'team' }] }), T0);
    expect(parsed).toMatchObject({ kind: 'ok', file: { accounts: [{ id: expect.stringMatching(/^acc_[0-9a-f]{10}$/), label: 'team', status: 'active' }] } });
    if (parsed.kind !== 'ok') throw new Error('not ok');
    expect(parsed.file.accounts[0].tokens).toEqual({ refreshToken: 'rt-1', version: 0, accessToken: undefined, expiresAt: undefined, refreshedAt: undefined });
  });

  it('gives an entry without id the same id on every read, so a re-read does not look like a new account', () => {
    const text = JSON.stringify({ accounts: [{ refresh_token: 'rt-1' }, { refresh_token: 'rt-2' }] });
    const ids = (parsed: ReturnType<typeof parseAccounts>) => (parsed.kind === 'ok' ? parsed.file.accounts.map((account) => account.id) : []);
    const first = ids(parseAccounts(text, T0));
    expect(ids(parseAccounts(text, T0 + 1_000))).toEqual(first);
    expect(new Set(first).size).toBe(2);
  });

  it('treats an empty file as no accounts', () => {
    expect(parseAccounts('  \n', T0)).toEqual({ kind: 'ok', file: { version: 1, accounts: [] } });
  });

  it.each([
    [{ accounts: [{ label: 'x' }] }, 'accounts[0]: refresh_token is required'],
    [{ accounts: [{ refresh_token: 'a', id: 'x' }, { refresh_token: 'b', id: 'x' }] }, 'accounts[1].id duplicates'],
    [{ accounts: [{ refresh_token: 'a', status: 'paused' }] }, 'status must be one of active, disabled, cooling'],
    [{ accounts: [{ refresh_token: 'a', expires_at: 'tomorrow' }] }, 'expires_at is not an ISO date'],
    [{ accounts: {} }, '`accounts` is not an array'],
    [{ version: 2, accounts: [] }, 'has version 2'],
  ])('makes the whole file broken for %j', (content, reason) => {
    expect(parseAccounts(JSON.stringify(content), T0)).toEqual({ kind: 'broken', reason: expect.stringContaining(reason) });
  });

  it('marks a hand-disabled account as disabled by a person', () => {
    const parsed = parseAccounts(JSON.stringify({ accounts: [{ refresh_token: 'a', status: 'disabled' }] }), T0);
    expect(parsed).toMatchObject({ kind: 'ok', file: { accounts: [{ status: 'disabled', disabledCause: 'manual' }] } });
  });
});
