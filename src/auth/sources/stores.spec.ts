import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DroidRefreshKeyStore, sha256 } from './droid-refresh-key.store';
import { FactoryAuthFileStore } from './factory-auth-file.store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stores-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe(DroidRefreshKeyStore.name, () => {
  const dataDir = () => join(dir, 'data');
  const file = () => join(dataDir(), 'auth.json');

  it('starts from the env key when nothing is saved, and saves with the key hash in a new 0700 directory', async () => {
    const store = new DroidRefreshKeyStore('env-key', dataDir());
    await expect(store.load()).resolves.toEqual({ kind: 'ok', tokens: { refreshToken: 'env-key' } });
    await store.save({ accessToken: 'at', refreshToken: 'rt-1', expiresAt: Date.parse('2030-01-01T08:00:00Z') });
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({
      source_key_sha256: sha256('env-key'),
      access_token: 'at',
      refresh_token: 'rt-1',
      expires_at: '2030-01-01T08:00:00.000Z',
      updated_at: expect.any(String),
    });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir()).mode & 0o777).toBe(0o700);
    expect(JSON.stringify(JSON.parse(readFileSync(file(), 'utf8')))).not.toContain('env-key');
  });

  it('continues from the saved token of the same key after a restart', async () => {
    await new DroidRefreshKeyStore('env-key', dataDir()).save({ accessToken: 'at', refreshToken: 'rt-1', expiresAt: 5 });
    await expect(new DroidRefreshKeyStore('env-key', dataDir()).load()).resolves.toEqual({
      kind: 'ok',
      tokens: { accessToken: 'at', refreshToken: 'rt-1', expiresAt: 5 },
    });
  });

  it('uses a newly configured key over a file saved from another key, with a notice', async () => {
    await new DroidRefreshKeyStore('old-key', dataDir()).save({ refreshToken: 'rt-old' });
    const loaded = await new DroidRefreshKeyStore('new-key', dataDir()).load();
    expect(loaded).toEqual({ kind: 'ok', tokens: { refreshToken: 'new-key' }, notice: expect.stringContaining('different DROID_REFRESH_KEY') });
  });

  it.each([
    ['not JSON', 'rt-secret-in-garbage {', 'is not valid JSON'],
    ['empty', '', 'is empty'],
    ['an array', '[]', 'does not hold a JSON object'],
  ])('reports a file that is %s as broken, without quoting it', async (_, content, reason) => {
    mkdirSync(dataDir());
    writeFileSync(file(), content);
    const loaded = await new DroidRefreshKeyStore('env-key', dataDir()).load();
    expect(loaded).toEqual({ kind: 'broken', reason: expect.stringContaining(reason) });
    expect(JSON.stringify(loaded)).not.toContain('rt-secret');
  });
});

describe(FactoryAuthFileStore.name, () => {
  const file = () => join(dir, 'auth.json');
  const jwt = `eyJhbGciOiJub25lIn0.${Buffer.from('{"exp":1900000000}').toString('base64url')}.sig`;

  it('reads the CLI file, expiry from the JWT', async () => {
    writeFileSync(file(), JSON.stringify({ access_token: jwt, refresh_token: 'rt-0', user: { email: 'a@b.c' } }));
    await expect(new FactoryAuthFileStore(file()).load()).resolves.toEqual({
      kind: 'ok',
      tokens: { accessToken: jwt, refreshToken: 'rt-0', expiresAt: 1_900_000_000_000 },
    });
  });

  it('writes back the tokens keeping every other field, including ones added since start', async () => {
    writeFileSync(file(), JSON.stringify({ access_token: 'a0', refresh_token: 'rt-0', user: { email: 'a@b.c' } }), { mode: 0o644 });
    const store = new FactoryAuthFileStore(file());
    await store.load();
    writeFileSync(file(), JSON.stringify({ access_token: 'a0', refresh_token: 'rt-0', user: { email: 'a@b.c' }, added: 1 }));
    await store.save({ accessToken: 'a1', refreshToken: 'rt-1', expiresAt: 1 });
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({ access_token: 'a1', refresh_token: 'rt-1', user: { email: 'a@b.c' }, added: 1 });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite a file that became unreadable, and leaves it as it was', async () => {
    writeFileSync(file(), '{"refresh_token": "rt-0", broken');
    await expect(new FactoryAuthFileStore(file()).save({ refreshToken: 'rt-1' })).rejects.toThrow('not overwriting it');
    expect(readFileSync(file(), 'utf8')).toBe('{"refresh_token": "rt-0", broken');
    expect(readdirSync(dir)).toEqual(['auth.json']);
  });

  it('reports a file without refresh_token as broken', async () => {
    writeFileSync(file(), JSON.stringify({ access_token: 'a0' }));
    await expect(new FactoryAuthFileStore(file()).load()).resolves.toEqual({
      kind: 'broken',
      reason: expect.stringContaining('has no refresh_token'),
    });
  });
});
