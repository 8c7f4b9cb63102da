import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import type { AccountPool } from '../credentials/account-pool';
import { chooseSourceName, selectCredentialSource } from './credential-chain';

describe(chooseSourceName.name, () => {
  const all = { poolHasAccounts: true, factoryApiKey: 'fk', droidRefreshKey: 'rk', factoryAuthFileExists: true };

  it('walks the chain from the top: accounts > FACTORY_API_KEY > DROID_REFRESH_KEY > auth.json > client', () => {
    expect(chooseSourceName(all)).toBe('accounts');
    expect(chooseSourceName({ ...all, poolHasAccounts: false })).toBe('factory-api-key');
    expect(chooseSourceName({ ...all, poolHasAccounts: false, factoryApiKey: undefined })).toBe('droid-refresh-key');
    expect(chooseSourceName({ poolHasAccounts: false, factoryAuthFileExists: true })).toBe('factory-auth-file');
    expect(chooseSourceName({ poolHasAccounts: false, factoryAuthFileExists: false })).toBe('client');
  });
});

describe(selectCredentialSource.name, () => {
  let dir: string;
  const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const exchange = jest.fn();
  const config = (credentials: Partial<AppConfig['credentials']>): AppConfig =>
    ({
      dataDir: join(dir, 'data'),
      credentials: { factoryAuthPath: join(dir, 'home', '.factory', 'auth.json'), ...credentials },
      tokenRefresh: { aheadMs: 1, retryBaseMs: 1, retryMaxMs: 1 },
      inboundKeys: [],
    }) as unknown as AppConfig;
  const pool = (accounts: boolean, disabled = 0): AccountPool => ({
    name: 'accounts',
    hasAccounts: async () => accounts,
    send: jest.fn(),
    disabledOnly: () => disabled,
    setInUse: jest.fn(),
    health: jest.fn(),
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chain-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const select = (credentials: Partial<AppConfig['credentials']>, accountPool?: AccountPool) =>
    selectCredentialSource({ config: config(credentials), exchange, logger, pool: accountPool }).then(({ source }) => source.name);

  it('uses a pool that holds accounts, and skips an empty one', async () => {
    await expect(select({ factoryApiKey: 'fk' }, pool(true))).resolves.toBe('accounts');
    await expect(select({ factoryApiKey: 'fk' }, pool(false))).resolves.toBe('factory-api-key');
  });

  it('passes over a pool whose accounts are all disabled when a credential below is configured, and says why', async () => {
    const allDisabled = pool(true, 2);
    const chosen = await selectCredentialSource({ config: config({ factoryApiKey: 'fk' }), exchange, logger, pool: allDisabled });
    expect(chosen.source.name).toBe('factory-api-key');
    expect(chosen.skipped).toBe('accounts pool skipped: all 2 accounts are disabled; using factory-api-key');
    expect(allDisabled.setInUse).toHaveBeenCalledWith(false);
    // Nothing configured below: the pool stays (503 with its reason) rather than fall to forwarding client credentials.
    await expect(select({}, pool(true, 2))).resolves.toBe('accounts');
  });

  it('uses ~/.factory/auth.json only when it exists, even when it is unreadable', async () => {
    await expect(select({})).resolves.toBe('client');
    mkdirSync(join(dir, 'home', '.factory'), { recursive: true });
    writeFileSync(join(dir, 'home', '.factory', 'auth.json'), 'not json');
    await expect(select({})).resolves.toBe('factory-auth-file');
    await expect(select({ droidRefreshKey: 'rk' })).resolves.toBe('droid-refresh-key');
  });
});
