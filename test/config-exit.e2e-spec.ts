import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { MAIN_TS_BOOT } from './support/gateway-process';
import { freePort } from './support/redis-server';
import { REPO_ROOT } from './support/start-app';

// The gateway runs as a real process (MAIN_TS_BOOT), so exit codes and stderr are exactly what an operator sees.

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

describe('the process', () => {
  let dir: string;
  const bundled = () => JSON.parse(readFileSync(join(REPO_ROOT, 'config/config.json'), 'utf8')) as { models: { type: string }[] };
  const writeConfig = (text: string) => {
    writeFileSync(join(dir, 'config.json'), text);
    return join(dir, 'config.json');
  };

  // The environment is built from scratch: the developer's FACTORY_API_KEY or ~/.factory must not change the outcome.
  // cwd is the temp dir, so a .env in the repo is not loaded either.
  const launch = (env: Record<string, string>): { child: ChildProcess; exit: Promise<Exit> } => {
    const child = spawn(process.execPath, ['-e', MAIN_TS_BOOT], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const exit = new Promise<Exit>((resolve) =>
      child.on('close', (code, signal) => {
        clearTimeout(killer);
        resolve({ code, signal, stderr, stdout });
      }),
    );
    return { child, exit };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'droid2api-exit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const expectOneLineConfigError = (exit: Exit, ...fragments: string[]) => {
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/^droid2api: configuration error: /);
    for (const fragment of fragments) expect(exit.stderr).toContain(fragment);
    expect(exit.stderr.trim().split('\n')).toHaveLength(1);
    expect(exit.stderr).not.toMatch(/^\s+at /m);
  };

  it('a wrong field exits 1 naming the file and the field path', async () => {
    const config = bundled();
    config.models[0].type = 'gpt';
    const path = writeConfig(JSON.stringify(config));
    const exit = await launch({ CONFIG_PATH: path }).exit;
    expectOneLineConfigError(exit, path, 'models[0].type must be one of anthropic, openai, common, google');
  });

  it('invalid JSON exits 1 naming the file', async () => {
    const path = writeConfig('{ "models": [ ');
    expectOneLineConfigError(await launch({ CONFIG_PATH: path }).exit, path, 'invalid JSON');
  });

  it('a missing file exits 1 naming the file', async () => {
    const path = join(dir, 'absent.json');
    expectOneLineConfigError(await launch({ CONFIG_PATH: path }).exit, path, 'cannot read the file');
  });

  it('a bad PORT exits 1 naming PORT', async () => {
    const exit = await launch({ CONFIG_PATH: join(REPO_ROOT, 'config/config.json'), PORT: 'eighty' }).exit;
    expectOneLineConfigError(exit, 'PORT must be an integer');
  });

  it('an unknown field exits 1 naming it and the nearest known name, at the top level and inside a model', async () => {
    const config = bundled() as Record<string, unknown> & { models: Record<string, unknown>[] };
    config.dev_mod = true;
    config.models[0].resoning = 'high';
    const path = writeConfig(JSON.stringify(config));
    expectOneLineConfigError(
      await launch({ CONFIG_PATH: path }).exit,
      path,
      'dev_mod is not a known field (did you mean dev_mode?)',
      'models[0].resoning is not a known field (did you mean reasoning?)',
    );
  });

  it('"port": "abc" is one problem, said once', async () => {
    const config = { ...bundled(), port: 'abc' };
    const path = writeConfig(JSON.stringify(config));
    const exit = await launch({ CONFIG_PATH: path }).exit;
    expectOneLineConfigError(exit, path, 'port must be an integer');
    expect(exit.stderr.match(/\bport\b/g)).toHaveLength(1);
  });

  it('a port already taken ends with one line and exit 1, and nothing claims the gateway started', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const exit = await launch({ CONFIG_PATH: join(REPO_ROOT, 'config/config.json'), PORT: String(port) }).exit;
      expect(exit.code).toBe(1);
      expect(exit.stderr).toBe(`droid2api: cannot listen on 127.0.0.1:${port}: the address is already in use\n`);
      expect(exit.stdout).not.toMatch(/successfully started|listening/i);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('reads a .env in the working directory beneath the environment, which wins', async () => {
    const port = await freePort();
    // HOST from .env would fail to listen; the environment's 127.0.0.1 must win, while PORT comes from .env.
    writeFileSync(join(dir, '.env'), `PORT=${port}\nHOST=203.0.113.1\n`);
    const { child, exit } = launch({ CONFIG_PATH: join(REPO_ROOT, 'config/config.json') });
    await waitUntilServing(`http://127.0.0.1:${port}/health/live`, exit);
    child.kill('SIGTERM');
    expect(await exit).toMatchObject({ code: 0, stderr: '' });
  });

  it('serves with the bundled config and no credentials, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const { child, exit } = launch({ CONFIG_PATH: join(REPO_ROOT, 'config/config.json'), PORT: String(port) });
    await waitUntilServing(`http://127.0.0.1:${port}/health/live`, exit);

    const models = (await (await fetch(`http://127.0.0.1:${port}/v1/models`)).json()) as { data: unknown[] };
    expect(models.data).toHaveLength(bundled().models.length);

    child.kill('SIGTERM');
    const result = await exit;
    expect(result).toMatchObject({ code: 0, signal: null });
    // Production logs are JSON lines.
    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(result.stderr).toBe('');
  });
});

async function waitUntilServing(url: string, exit: Promise<Exit>): Promise<void> {
  let exited: Exit | undefined;
  void exit.then((result) => (exited = result));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the gateway exited early (${exited.code}): ${exited.stderr}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer within 20 s`);
}
