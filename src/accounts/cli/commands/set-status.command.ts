import type { Account } from '../../account';
import type { AccountsStore } from '../../store/accounts-store';
import { CliError, editAccounts } from '../local-accounts';
import type { Terminal } from '../terminal';

export type StatusAction = 'enable' | 'disable' | 'remove';

/** `enable|disable|remove <id>` on the file; a gateway running on it picks the change up. */
export async function setStatusCommand(store: AccountsStore, terminal: Terminal, action: StatusAction, id: string): Promise<number> {
  const now = Date.now();
  await editAccounts(store, (accounts) => {
    const target = accounts.find((account) => account.id === id);
    if (!target) throw new CliError(`No account with id '${id}' in ${store.location} (see: npm run accounts -- list)`);
    const replace = (next: Account) => ({ accounts: accounts.map((account) => (account === target ? next : account)), result: undefined });
    switch (action) {
      case 'remove':
        return { accounts: accounts.filter((account) => account !== target), result: undefined };
      case 'enable':
        return replace({ ...target, status: 'active', disabledCause: undefined, disabledReason: undefined, disabledAt: undefined, cooldownUntil: undefined });
      case 'disable':
        return replace({ ...target, status: 'disabled', disabledCause: 'manual', disabledReason: 'disabled with the accounts CLI', disabledAt: now });
      default: {
        const unreachable: never = action;
        throw new Error(`unknown action ${String(unreachable)}`);
      }
    }
  });
  const done = { enable: 'Enabled', disable: 'Disabled', remove: 'Removed' }[action];
  terminal.line(`${done} account ${id} in ${store.location}`);
  return 0;
}
