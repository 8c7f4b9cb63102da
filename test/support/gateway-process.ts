import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './start-app';
import { freePort } from './redis-server';

/**
 * A script (for `node -e`, `-r` or a hook file) that lets node require TypeScript, compiled on the fly with @swc/core
 * and jest's options, so a test runs the real entry points in a child process without a slow `nest build` first.
 */
export const TS_REGISTER = `
const { readFileSync } = require('node:fs');
const { transformSync } = require(${JSON.stringify(require.resolve('@swc/core'))});
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
`;

/** A `node -e` script that runs src/main.ts: a real process (exit codes, signals, stdout). */
export const MAIN_TS_BOOT = `${TS_REGISTER}require(${JSON.stringify(join(REPO_ROOT, 'src', 'main.ts'))});
`;

/** A gateway in its own process, so a test can run several replicas side by side and end one with SIGTERM or SIGKILL. */
export interface GatewayProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Every JSON log line so far. */
  lines(): Record<string, any>[];
  /** Raw stdout and stderr so far, to scan for secrets. */
  output(): string;
  waitForLine(predicate: (line: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  /** Resolves with the exit code (null after a signal). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signal(signal: NodeJS.Signals): void;
}

export interface GatewayProcessOptions {
  name: string;
  env: Record<string, string>;
  /** Reuse a port (a restarted replica); a free one otherwise. */
  port?: number;
}

/** Starts one replica and resolves once it listens. Environment is built from scratch (no developer variables). */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const port = options.port ?? (await freePort());
  const home = mkdtempSync(join(tmpdir(), `droid2api-${options.name}-`));
  mkdirSync(join(home, 'data'), { recursive: true });
  const child: ChildProcess = spawn(process.execPath, ['-e', MAIN_TS_BOOT], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      DATA_DIR: join(home, 'data'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      CONFIG_PATH: join(REPO_ROOT, 'config', 'config.json'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let raw = '';
  let pending = '';
  const parsed: Record<string, any>[] = [];
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        parsed.push(JSON.parse(line) as Record<string, any>);
      } catch {
        // not a log line
      }
    }
    waiters.forEach((wake) => wake());
  });
  child.stderr!.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      rmSync(home, { recursive: true, force: true });
      waiters.forEach((wake) => wake());
      resolve({ code, signal });
    }),
  );

  const waitForLine = (predicate: (line: Record<string, any>) => boolean, timeoutMs = 10_000) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const check = () => {
        const found = parsed.find(predicate);
        if (found) {
          cleanup();
          resolve(found);
        } else if (done) {
          cleanup();
          reject(new Error(`${options.name} exited before the expected log line:\n${raw.slice(-3000)}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${options.name}: no matching log line within ${timeoutMs} ms:\n${raw.slice(-3000)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  await waitForLine((line) => line.msg === 'droid2api listening', 30_000);
  return {
    name: options.name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    lines: () => [...parsed],
    output: () => raw,
    waitForLine,
    exited,
    signal: (signal) => {
      if (!done) child.kill(signal);
    },
  };
}
