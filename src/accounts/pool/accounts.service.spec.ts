import { Logger } from '@nestjs/common';
import type { WorkosClient } from '../../credentials/workos/workos-client.service';
import type { AppConfig } from '../../config/app-config';
import { ReadinessRegistry } from '../../health/readiness.registry';
import { emptyStats, type Account } from '../account';
import type { AccountsStore, LoadedAccounts } from '../store/accounts-store';
import { AccountsService } from './accounts.service';

const T0 = Date.parse('2030-01-01T00:00:00Z');

function account(id: string): Account {
  return {
    id,
    tokens: { refreshToken: `rt-${id}`, accessToken: `at-${id}`, expiresAt: T0 + 8 * 3_600_000, version: 1, refreshedAt: T0 },
    status: 'active',
    createdAt: T0,
    stats: emptyStats(T0),
  };
}

/** A store whose content a test sets directly, and which tells the service when "someone else" changed it. */
class ScriptedStore implements AccountsStore {
  readonly location = 'scripted';
  content: LoadedAccounts = { kind: 'missing' };
  saves = 0;
  private onChange?: () => void;
  async load(): Promise<LoadedAccounts> {
    return structuredClone(this.content);
  }
  async save(accounts: readonly Account[]): Promise<void> {
    if (this.content.kind === 'broken') throw new Error('broken');
    this.content = { kind: 'ok', accounts: structuredClone([...accounts]) };
    this.saves += 1;
  }
  watch(onChange: () => void): () => void {
    this.onChange = onChange;
    return () => (this.onChange = undefined);
  }
  changeTo(content: LoadedAccounts): void {
    this.content = content;
    this.onChange?.();
  }
}

const config = { tokenRefresh: { aheadMs: 7_200_000, retryBaseMs: 1_000, retryMaxMs: 60_000 } } as AppConfig;

async function serviceWith(content: LoadedAccounts) {
  const store = new ScriptedStore();
  store.content = content;
  const readiness = new ReadinessRegistry();
  const service = new AccountsService(config, store, {} as WorkosClient, readiness);
  service.now = () => T0;
  await service.onModuleInit();
  const check = async () => readiness.entries().find(([name]) => name === 'accounts')![1]();
  return { store, service, check };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe(AccountsService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('is not configured without a file, and then ready', async () => {
    const { service, check } = await serviceWith({ kind: 'missing' });
    expect(service.configured).toBe(false);
    await expect(check()).resolves.toEqual({ ready: true, details: { configured: false } });
  });

  it('reports the usable accounts, and is not ready when none is', async () => {
    const { service, check } = await serviceWith({ kind: 'ok', accounts: [account('a'), { ...account('b'), status: 'disabled', disabledCause: 'manual' }] });
    await expect(check()).resolves.toMatchObject({ ready: true, details: { configured: true, total: 2, usable: 1, disabled: 1 } });
    await service.setStatus(service.get('a')!, 'disabled', 'manual');
    await expect(check()).resolves.toMatchObject({ ready: false, details: { usable: 0, disabled: 2 } });
  });

  it('treats a broken store as configured and not ready, never saves over it, and recovers once it is repaired', async () => {
    const { store, service, check } = await serviceWith({ kind: 'broken', reason: 'accounts.json is not valid JSON' });
    expect(service.configured).toBe(true);
    await expect(check()).resolves.toMatchObject({ ready: false, details: { error: 'accounts.json is not valid JSON' } });
    await expect(service.saveNow()).rejects.toThrow('not valid JSON');
    expect(store.saves).toBe(0);

    store.changeTo({ kind: 'ok', accounts: [account('a')] });
    await settle();
    expect(service.list().map((pooled) => pooled.id)).toEqual(['a']);
    await expect(check()).resolves.toMatchObject({ ready: true, details: { usable: 1 } });
  });

  it('writes the pool back when the file is deleted while running, rather than lose live tokens', async () => {
    const { store, service } = await serviceWith({ kind: 'ok', accounts: [account('a')] });
    store.changeTo({ kind: 'missing' });
    await settle();
    expect(service.list()).toHaveLength(1);
    expect(store.content).toMatchObject({ kind: 'ok', accounts: [{ id: 'a', tokens: { refreshToken: 'rt-a' } }] });
  });

  it('puts the newer token back at once when a stale copy is written over the file', async () => {
    const { store, service } = await serviceWith({ kind: 'ok', accounts: [account('a')] });
    const rotated = { ...account('a'), tokens: { ...account('a').tokens, refreshToken: 'rt-a-2', version: 2, refreshedAt: T0 + 1 } };
    await service.put([rotated]);
    store.changeTo({ kind: 'ok', accounts: [account('a')] });
    await settle();
    expect(store.content).toMatchObject({ kind: 'ok', accounts: [{ tokens: { refreshToken: 'rt-a-2', version: 2 } }] });
    expect(service.get('a')!.account.tokens.refreshToken).toBe('rt-a-2');
  });
});
