import { accessTokenExpiry } from '../../credentials/jwt-expiry';
import type { RefreshedTokens } from '../../credentials/token-lifecycle';
import { emptyStats, type Account } from '../account';
import { newAccountId } from '../accounts-file';
import type { AccountsStore } from '../store/accounts-store';
import { findImportTarget, mergeImport, type ImportResult } from '../store/merge-accounts';

/** A usage or state problem the CLI reports in one line (exit 1), as opposed to a bug (a stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The accounts in the store; a broken file is an error here too: the CLI never rewrites what it cannot read. */
export async function readAccounts(store: AccountsStore): Promise<Account[]> {
  const loaded = await store.load();
  switch (loaded.kind) {
    case 'missing':
      return [];
    case 'broken':
      throw new CliError(loaded.reason);
    case 'ok':
      return loaded.accounts;
    default: {
      const unreachable: never = loaded;
      throw new Error(`unknown load result ${String(unreachable)}`);
    }
  }
}

/**
 * Read, change, write back (atomically, 0600). A gateway running on the same file sees the change through its
 * watcher and merges it; should it rotate a token in between, its merge keeps the newer token.
 */
export async function editAccounts<T>(store: AccountsStore, change: (accounts: Account[]) => { accounts: Account[]; result: T }): Promise<T> {
  const { accounts, result } = change(await readAccounts(store));
  await store.save(accounts);
  return result;
}

/** The account record for tokens WorkOS just issued: they are the newest this account has had. */
export function accountFromTokens(tokens: RefreshedTokens, now: number, label?: string): Account {
  return {
    id: newAccountId(),
    label,
    email: tokens.identity.email,
    tokens: {
      refreshToken: tokens.refreshToken,
      accessToken: tokens.accessToken,
      expiresAt: accessTokenExpiry(tokens.accessToken, now),
      version: 1,
      refreshedAt: now,
    },
    status: 'active',
    createdAt: now,
    stats: emptyStats(now),
  };
}

/** Adds the account, or gives an existing one with the same email its new tokens (which re-enables a 401'd one). */
export function upsertAccount(accounts: Account[], incoming: Account): { accounts: Account[]; result: ImportResult } {
  const existing = findImportTarget(accounts, undefined, incoming.email);
  const next = existing ? { ...incoming, tokens: { ...incoming.tokens, version: existing.tokens.version + 1 } } : incoming;
  const result = mergeImport(existing, next);
  const list = existing ? accounts.map((account) => (account.id === existing.id ? result.account : account)) : [...accounts, result.account];
  return { accounts: list, result };
}
