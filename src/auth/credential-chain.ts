import type { LoggerService } from '@nestjs/common';
import { promises as fsp } from 'node:fs';
import type { AppConfig } from '../config/app-config';
import type { AccountPool } from '../credentials/account-pool';
import type { CredentialSource, CredentialSourceName } from '../credentials/credential-source';
import { inboundKeysRequired } from '../access/inbound-keys-required';
import { ClientSource } from './sources/client.source';
import { DroidRefreshKeyStore, sha256 } from './sources/droid-refresh-key.store';
import { FactoryAuthFileStore } from './sources/factory-auth-file.store';
import { FixedKeySource } from './sources/fixed-key.source';
import { RefreshingSource } from './sources/refreshing.source';
import type { RefreshLock } from '../credentials/refresh-lock';
import type { TokenStore } from './sources/token-store';
import type { RefreshedTokens } from '../credentials/token-lifecycle';

export interface ChainInput {
  poolHasAccounts: boolean;
  /** Every pooled account is disabled: the pool gives way to a configured credential below it. */
  poolAllDisabled?: boolean;
  factoryApiKey?: string;
  droidRefreshKey?: string;
  factoryAuthFileExists: boolean;
}

/** The credential chain, highest first; the first one present wins. Nothing at all is normal: client mode. */
export function chooseSourceName(input: ChainInput): CredentialSourceName {
  const belowConfigured = Boolean(input.factoryApiKey || input.droidRefreshKey || input.factoryAuthFileExists);
  if (input.poolHasAccounts && !(input.poolAllDisabled && belowConfigured)) return 'accounts';
  if (input.factoryApiKey) return 'factory-api-key';
  if (input.droidRefreshKey) return 'droid-refresh-key';
  if (input.factoryAuthFileExists) return 'factory-auth-file';
  return 'client';
}

export interface ChainDeps {
  config: AppConfig;
  exchange(refreshToken: string): Promise<RefreshedTokens>;
  logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;
  pool?: AccountPool;
  /** Shared state (REDIS_URL): token sets kept where every replica reads them, refreshed under a cluster lock. */
  shared?: SharedTokens;
}

export interface SharedTokens {
  lock: RefreshLock;
  /** The shared store for a credential named `name`, seeded from its local store. */
  store(name: string, seed: TokenStore, newChainFromSeed: boolean): TokenStore;
}

/** Decides the source once, at start. */
export async function selectCredentialSource(deps: ChainDeps): Promise<{ source: CredentialSource; skipped?: string }> {
  const { config, logger, pool } = deps;
  const { factoryApiKey, droidRefreshKey, factoryAuthPath } = config.credentials;
  const poolHasAccounts = pool ? await pool.hasAccounts() : false;
  const disabled = pool?.disabledOnly() ?? 0;
  const name = chooseSourceName({
    poolHasAccounts,
    poolAllDisabled: disabled > 0,
    factoryApiKey,
    droidRefreshKey,
    factoryAuthFileExists: await exists(factoryAuthPath),
  });
  pool?.setInUse(name === 'accounts');
  if (!poolHasAccounts || name === 'accounts') return { source: sourceFor(name, deps) };
  const skipped = `accounts pool skipped: all ${disabled} account${disabled === 1 ? ' is' : 's are'} disabled; using ${name}`;
  logger.warn({ skipped: 'accounts', disabled, using: name }, skipped);
  return { source: sourceFor(name, deps), skipped };
}

function sourceFor(name: CredentialSourceName, { config, exchange, logger, pool, shared }: ChainDeps): CredentialSource {
  const { factoryApiKey, droidRefreshKey, factoryAuthPath } = config.credentials;
  const refreshing = { exchange, timing: config.tokenRefresh, logger, lock: shared?.lock };
  switch (name) {
    case 'accounts':
      return pool!;
    case 'factory-api-key':
      return new FixedKeySource(factoryApiKey!);
    case 'droid-refresh-key': {
      const local = new DroidRefreshKeyStore(droidRefreshKey!, config.dataDir);
      const store = shared ? shared.store(`droid-refresh-key:${sha256(droidRefreshKey!)}`, local, false) : local;
      return new RefreshingSource(name, store, refreshing);
    }
    case 'factory-auth-file': {
      const local = new FactoryAuthFileStore(factoryAuthPath);
      const store = shared ? shared.store('factory-auth-file', local, true) : local;
      return new RefreshingSource(name, store, refreshing);
    }
    case 'client':
      return new ClientSource(inboundKeysRequired(config));
    default: {
      const unreachable: never = name;
      throw new Error(`unknown credential source ${String(unreachable)}`);
    }
  }
}

/** Present, even if unreadable: an unreadable file is then reported, not silently skipped. */
async function exists(path: string): Promise<boolean> {
  try {
    await fsp.lstat(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}
