import type { LoggerService } from '@nestjs/common';
import { promises as fsp } from 'node:fs';
import type { AppConfig } from '../config/app-config';
import type { AccountPool } from '../credentials/account-pool';
import type { CredentialSource, CredentialSourceName } from '../credentials/credential-source';
import { inboundKeysRequired } from '../access/inbound-keys-required';
import { ClientSource } from './sources/client.source';
import { DroidRefreshKeyStore } from './sources/droid-refresh-key.store';
import { FactoryAuthFileStore } from './sources/factory-auth-file.store';
import { FixedKeySource } from './sources/fixed-key.source';
import { RefreshingSource } from './sources/refreshing.source';
import type { RefreshedTokens } from '../credentials/token-lifecycle';

export interface ChainInput {
  poolHasAccounts: boolean;
  factoryApiKey?: string;
  droidRefreshKey?: string;
  factoryAuthFileExists: boolean;
}

/** The credential chain, highest first; the first one present wins. Nothing at all is normal: client mode. */
export function chooseSourceName(input: ChainInput): CredentialSourceName {
  if (input.poolHasAccounts) return 'accounts';
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
}

/** Decides the source once, at start. */
export async function selectCredentialSource({ config, exchange, logger, pool }: ChainDeps): Promise<CredentialSource> {
  const { factoryApiKey, droidRefreshKey, factoryAuthPath } = config.credentials;
  const name = chooseSourceName({
    poolHasAccounts: pool ? await pool.hasAccounts() : false,
    factoryApiKey,
    droidRefreshKey,
    factoryAuthFileExists: await exists(factoryAuthPath),
  });
  const refreshing = { exchange, timing: config.tokenRefresh, logger };
  switch (name) {
    case 'accounts':
      return pool!;
    case 'factory-api-key':
      return new FixedKeySource(factoryApiKey!);
    case 'droid-refresh-key':
      return new RefreshingSource(name, new DroidRefreshKeyStore(droidRefreshKey!, config.dataDir), refreshing);
    case 'factory-auth-file':
      return new RefreshingSource(name, new FactoryAuthFileStore(factoryAuthPath), refreshing);
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
