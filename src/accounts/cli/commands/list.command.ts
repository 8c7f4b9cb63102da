import { toView, type AccountView } from '../../account-view';
import type { AccountsStore } from '../../store/accounts-store';
import { readAccounts } from '../local-accounts';
import type { Terminal } from '../terminal';

/** `list`: id, label, email, status, health, expiry; never a token. `--json` prints the admin API's view. */
export async function listCommand(store: AccountsStore, terminal: Terminal, json: boolean): Promise<number> {
  const now = Date.now();
  const views = (await readAccounts(store)).map((account) => toView(account, now));
  if (json) {
    terminal.line(JSON.stringify(views, null, 2));
    return 0;
  }
  if (views.length === 0) {
    terminal.line(`No accounts in ${store.location}. Add one with: npm run accounts -- add`);
    return 0;
  }
  const rows = [['ID', 'LABEL', 'EMAIL', 'STATUS', 'HEALTH', 'EXPIRES'], ...views.map((view) => row(view, now))];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  for (const cells of rows) terminal.line(cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  return 0;
}

function row(view: AccountView, now: number): string[] {
  const status = view.status === 'disabled' && view.disabled_reason ? `disabled (${short(view.disabled_reason)})` : view.status;
  return [view.id, view.label ?? '-', view.email ?? '-', status, `${Math.round(view.health * 100)}%`, expiry(view.expires_at, now)];
}

function expiry(iso: string | null, now: number): string {
  if (!iso) return 'no token yet';
  const left = Date.parse(iso) - now;
  if (left <= 0) return 'expired';
  const minutes = Math.floor(left / 60_000);
  return minutes >= 60 ? `in ${Math.floor(minutes / 60)} h ${minutes % 60} min` : `in ${minutes} min`;
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
