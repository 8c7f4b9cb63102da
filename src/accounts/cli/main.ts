import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { WorkosClient } from '../../credentials/workos/workos-client.service';
import type { AppConfig } from '../../config/app-config';
import { readCliEnvironment } from '../../config/cli-environment';
import { ConfigError } from '../../config/config-error';
import { loadAppConfigFromProcess } from '../../config/load-app-config';
import { UpstreamClient } from '../../outbound/upstream-client.service';
import { RedisConnection } from '../../redis/redis-connection';
import type { AccountsStore } from '../store/accounts-store';
import { JsonFileAccountsStore } from '../store/json-file-accounts-store';
import { RedisAccountsStore } from '../store/redis-accounts-store';
import { parseCliArgs, USAGE, type CliCommand } from './cli-args';
import { addCommand } from './commands/add.command';
import { listCommand } from './commands/list.command';
import { setStatusCommand } from './commands/set-status.command';
import { syncCommand } from './commands/sync.command';
import { DeviceAuthorizationClient } from './device-authorization';
import { CliError } from './local-accounts';
import { openBrowser } from './open-browser';
import { Terminal } from './terminal';

/** `npm run accounts -- <command>`: manages accounts.json, or the shared store with REDIS_URL (see cli-args.ts). */
async function main(argv: string[]): Promise<number> {
  const environment = readCliEnvironment();
  const terminal = new Terminal(Boolean(process.stdout.isTTY) && !environment.ci);
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    terminal.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.name === 'help') {
    terminal.line(USAGE);
    return 0;
  }
  // Framework log lines (an outbound proxy skipped …) would clutter the output; warnings and errors still show.
  Logger.overrideLogger(['error', 'warn']);
  const config = loadAppConfigFromProcess();
  const local = new JsonFileAccountsStore(config.accountsPath, { pollMs: config.accountsPollMs });
  // `sync` pushes the local file to a gateway; every other command works where the gateway keeps its accounts.
  if (command.name === 'sync') return syncCommand(local, terminal, command.to, config.adminApiKey);
  return withStore(config, local, (store) => run(command, store, config, terminal, environment));
}

async function run(
  command: Exclude<CliCommand, { name: 'help' | 'sync' }>,
  store: AccountsStore,
  config: AppConfig,
  terminal: Terminal,
  environment: ReturnType<typeof readCliEnvironment>,
): Promise<number> {
  switch (command.name) {
    case 'add':
      return withHttp(config, (http) =>
        addCommand(
          {
            store,
            terminal,
            device: new DeviceAuthorizationClient(http, config.workos),
            workos: new WorkosClient(config, http),
            openBrowser: terminal.interactive && environment.graphical ? (url) => openBrowser(url) : undefined,
          },
          { loop: command.loop, refreshToken: command.refreshToken, label: command.label },
        ),
      );
    case 'list':
      return listCommand(store, terminal, command.json);
    case 'enable':
    case 'disable':
    case 'remove':
      return setStatusCommand(store, terminal, command.name, command.id);
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * With REDIS_URL the accounts live in Redis, shared by every replica: the CLI edits them there (through the same
 * compare-and-set the replicas use). Redis has 5 s to answer; the CLI does not wait the way a gateway does.
 */
async function withStore<T>(config: AppConfig, local: AccountsStore, work: (store: AccountsStore) => Promise<T>): Promise<T> {
  if (!config.redis) return work(local);
  const redis = new RedisConnection(config.redis, { log: () => undefined, warn: () => undefined, error: () => undefined });
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CliError(`Redis at ${redis.location} did not answer within 5 s`)), 5_000);
    });
    await Promise.race([redis.connect(), timeout]).finally(() => clearTimeout(timer));
    return await work(new RedisAccountsStore(redis));
  } finally {
    await redis.close();
  }
}

/** WorkOS calls go through the gateway's own HTTP client, so outbound proxies and timeouts apply here too. */
async function withHttp<T>(config: AppConfig, work: (http: UpstreamClient) => Promise<T>): Promise<T> {
  const http = new UpstreamClient(config);
  try {
    return await work(http);
  } finally {
    await http.onApplicationShutdown();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof CliError || error instanceof ConfigError;
    process.stderr.write(`accounts: ${known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
