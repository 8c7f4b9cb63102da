import { toRecord } from '../../accounts-file';
import type { AccountsStore } from '../../store/accounts-store';
import { CliError, readAccounts } from '../local-accounts';
import type { Terminal } from '../terminal';

interface ImportReply {
  data?: { id: string; outcome: string; tokens: string }[];
  note?: string;
  error?: { message?: string };
}

/**
 * `sync --to <url>`: pushes the local accounts to a running gateway's admin API. The gateway merges by id or email
 * and never takes an older token than its own, so pushing again later cannot undo its rotations.
 */
export async function syncCommand(store: AccountsStore, terminal: Terminal, target: string, adminKey: string | undefined): Promise<number> {
  if (!adminKey) throw new CliError('Set ADMIN_API_KEY to the gateway\'s admin key to sync');
  let base: URL;
  try {
    base = new URL(target);
  } catch {
    throw new CliError(`--to must be the gateway's URL, e.g. http://localhost:3000 (got '${target}')`);
  }
  const accounts = await readAccounts(store);
  if (accounts.length === 0) throw new CliError(`No accounts in ${store.location} to sync`);
  const url = new URL('admin/accounts', base.href.endsWith('/') ? base.href : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ accounts: accounts.map(toRecord) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new CliError(`Could not reach ${url.origin}: ${(error as Error).message}`);
  }
  const reply = (await response.json().catch(() => ({}))) as ImportReply;
  if (!response.ok) {
    const hint = response.status === 404 ? ' (is ADMIN_API_KEY set on the gateway?)' : '';
    throw new CliError(`The gateway answered ${response.status}: ${reply.error?.message ?? response.statusText}${hint}`);
  }
  for (const item of reply.data ?? []) {
    const tokens = item.tokens === 'kept_newer' ? ', the gateway kept its newer token' : '';
    terminal.line(`${item.id}: ${item.outcome}${tokens}`);
  }
  if (reply.note) terminal.line(`Note: ${reply.note}`);
  terminal.line('The gateway now rotates these tokens: do not run another gateway on this accounts file.');
  return 0;
}
