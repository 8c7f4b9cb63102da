import { CliError } from './local-accounts';

export type CliCommand =
  | { name: 'add'; loop: boolean; refreshToken?: string; label?: string }
  | { name: 'list'; json: boolean }
  | { name: 'enable' | 'disable' | 'remove'; id: string }
  | { name: 'sync'; to: string }
  | { name: 'help' };

export const USAGE = `Usage: npm run accounts -- <command>

  add                        sign in to a Factory account in the browser (WorkOS device code) and add it
  add --loop                 add several accounts one after another
  add --refresh-token TOKEN  add an account from a WorkOS refresh token (no browser)
      --label NAME           a label for the account being added
  list [--json]              id, label, email, status, health, token expiry (never a token)
  enable <id>                put an account back into the rotation
  disable <id>               take an account out of the rotation
  remove <id>                delete an account
  sync --to <url>            push the local accounts to a running gateway (needs ADMIN_API_KEY)

The accounts file is ACCOUNTS_PATH (default <DATA_DIR>/accounts.json); settings come from .env and the environment.`;

/** A small argument parser: `--flag`, `--option value` and `--option=value`, one command, positionals after it. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const takesValue = ['refresh-token', 'label', 'to'].includes(name);
    if (!takesValue) options.set(name, true);
    else if (inline !== undefined) options.set(name, inline);
    else if (argv[index + 1] !== undefined && !argv[index + 1].startsWith('--')) options.set(name, argv[++index]);
    else throw new CliError(`--${name} needs a value`);
  }
  const [command, ...rest] = positionals;
  const text = (name: string) => {
    const value = options.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const allow = (...names: string[]) => {
    const unknown = [...options.keys()].filter((name) => !names.includes(name));
    if (unknown.length) throw new CliError(`Unknown option --${unknown[0]} for '${command}'`);
    if (rest.length > (command === 'enable' || command === 'disable' || command === 'remove' ? 1 : 0)) {
      throw new CliError(`Unexpected argument '${rest.at(-1)}' for '${command}'`);
    }
  };

  if (command === undefined || command === 'help' || options.has('help')) return { name: 'help' };
  switch (command) {
    case 'add':
      allow('loop', 'refresh-token', 'label');
      if (options.has('loop') && options.has('refresh-token')) throw new CliError('--loop and --refresh-token do not go together');
      return { name: 'add', loop: options.has('loop'), refreshToken: text('refresh-token'), label: text('label') };
    case 'list':
      allow('json');
      return { name: 'list', json: options.has('json') };
    case 'enable':
    case 'disable':
    case 'remove':
      allow();
      if (!rest[0]) throw new CliError(`'${command}' needs an account id (see: npm run accounts -- list)`);
      return { name: command, id: rest[0] };
    case 'sync':
      allow('to');
      if (!text('to')) throw new CliError("'sync' needs --to <gateway URL>");
      return { name: 'sync', to: text('to')! };
    default:
      throw new CliError(`Unknown command '${command}'`);
  }
}
