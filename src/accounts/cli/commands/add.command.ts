import type { RefreshedTokens } from '../../../credentials/token-lifecycle';
import type { WorkosClient } from '../../../credentials/workos/workos-client.service';
import type { AccountsStore } from '../../store/accounts-store';
import { waitForApproval, type DeviceAuthorizationClient } from '../device-authorization';
import { accountFromTokens, CliError, editAccounts, readAccounts, upsertAccount } from '../local-accounts';
import type { Terminal } from '../terminal';

export interface AddDeps {
  store: AccountsStore;
  terminal: Terminal;
  device: DeviceAuthorizationClient;
  workos: WorkosClient;
  /** Opens the sign-in page when a browser can exist; undefined where it cannot (no terminal, CI, no display). */
  openBrowser?: (url: string) => void;
}

export interface AddOptions {
  label?: string;
  refreshToken?: string;
  loop: boolean;
}

/** `add`: one account through the device sign-in, several with --loop, or one from a refresh token. */
export async function addCommand(deps: AddDeps, options: AddOptions): Promise<number> {
  // Refuse before anything is spent: a token rotated into a file that cannot be written would be lost.
  await readAccounts(deps.store);
  if (options.refreshToken) {
    const tokens = await deps.workos.refresh(options.refreshToken).catch((error: unknown) => {
      throw new CliError(`The refresh token was not accepted: ${(error as Error).message}`);
    });
    await save(deps, tokens, options.label);
    return 0;
  }
  let added = 0;
  for (;;) {
    const tokens = await signIn(deps);
    if (!tokens) return added > 0 && options.loop ? 0 : 1;
    await save(deps, tokens, options.label);
    added += 1;
    if (!options.loop) return 0;
    if (!(await deps.terminal.confirm('Add another account?', true))) return 0;
    deps.terminal.line();
  }
}

async function signIn(deps: AddDeps): Promise<RefreshedTokens | undefined> {
  const { terminal } = deps;
  const authorization = await deps.device.start();
  terminal.line(`To sign in to Factory, open this page and confirm the code ${authorization.userCode}:`);
  terminal.line(`  ${authorization.verificationUriComplete}`);
  if (authorization.verificationUriComplete !== authorization.verificationUri) {
    terminal.line(`(or open ${authorization.verificationUri} and enter ${authorization.userCode})`);
  }
  if (deps.openBrowser) deps.openBrowser(authorization.verificationUriComplete);

  const waiting = terminal.waiting('Waiting for the sign-in to be approved…');
  let result;
  try {
    result = await waitForApproval(deps.device, authorization, {
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onWait: (left) => waiting.update(left),
      onSlowDown: (interval) => {
        if (!terminal.interactive) terminal.line(`WorkOS asked to poll more slowly: every ${interval / 1000} s now`);
      },
    });
  } finally {
    waiting.stop();
  }
  switch (result.kind) {
    case 'tokens':
      return result.tokens;
    case 'denied':
      terminal.error('The sign-in was denied; no account added.');
      return undefined;
    case 'expired':
      terminal.error('The code expired before the sign-in was approved; no account added. Run the command again.');
      return undefined;
    case 'failed':
      terminal.error(`The sign-in failed: ${result.message}`);
      return undefined;
    default: {
      const unreachable: never = result;
      throw new Error(`unknown sign-in result ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Persisted before success is printed: the token exists nowhere else. */
async function save(deps: AddDeps, tokens: RefreshedTokens, label: string | undefined): Promise<void> {
  const incoming = accountFromTokens(tokens, Date.now(), label);
  const result = await editAccounts(deps.store, (accounts) => upsertAccount(accounts, incoming));
  const who = result.account.email ?? 'unknown e-mail';
  const verb = result.outcome === 'added' ? 'Added' : 'Updated';
  deps.terminal.line(`${verb} account ${result.account.id} (${who}) in ${deps.store.location}`);
}
