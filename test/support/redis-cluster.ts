import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFileFor, MODEL } from '../auth-helpers';
import type { FakeUpstream } from './fake-upstream';
import { startGatewayProcess, type GatewayProcess } from './gateway-process';
import type { RedisServer } from './redis-server';

/**
 * Several gateway replicas (child processes) on one real Redis, against the fake upstream and fake WorkOS of the
 * parent test process. Timings are shortened so that lock expiry and drain windows fit in a test.
 */
export class Cluster {
  readonly replicas = new Map<string, GatewayProcess>();
  readonly dir = mkdtempSync(join(tmpdir(), 'droid2api-cluster-'));
  readonly configPath = join(this.dir, 'config.json');
  readonly seedPath = join(this.dir, 'accounts.json');

  constructor(
    readonly fake: FakeUpstream,
    readonly redis: RedisServer,
    readonly env: Record<string, string> = {},
  ) {
    writeFileSync(this.configPath, JSON.stringify(configFileFor(fake)));
  }

  baseEnv(): Record<string, string> {
    return {
      CONFIG_PATH: this.configPath,
      REDIS_URL: this.redis.url,
      WORKOS_AUTH_URL: `${this.fake.url}/user_management/authenticate`,
      WORKOS_TIMEOUT_MS: '1500',
      REDIS_LOCK_TTL_MS: '4000',
      TOKEN_REFRESH_RETRY_BASE_MS: '200',
      // The fake issues 1 h tokens; with the default 2 h lead every token would be due at once.
      TOKEN_REFRESH_AHEAD_MS: '600000',
      SHUTDOWN_DEREGISTER_MS: '1500',
      SHUTDOWN_GRACE_MS: '5000',
      ADMIN_API_KEY: ADMIN_KEY,
      ...this.env,
    };
  }

  writeSeed(accounts: object[]): void {
    writeFileSync(this.seedPath, JSON.stringify({ version: 1, accounts }));
  }

  async start(names: string[], extra: Record<string, string> = {}, port?: number): Promise<GatewayProcess[]> {
    return Promise.all(
      names.map(async (name) => {
        const replica = await startGatewayProcess({ name, env: { ...this.baseEnv(), ...extra }, port });
        this.replicas.set(name, replica);
        return replica;
      }),
    );
  }

  get(name: string): GatewayProcess {
    return this.replicas.get(name)!;
  }

  /** SIGTERM and the exit it leads to. */
  async stop(name: string): Promise<{ code: number | null }> {
    const replica = this.get(name);
    replica.signal('SIGTERM');
    const exit = await replica.exited;
    this.replicas.delete(name);
    return exit;
  }

  async close(): Promise<void> {
    for (const replica of this.replicas.values()) replica.signal('SIGKILL');
    await Promise.all([...this.replicas.values()].map((replica) => replica.exited));
    this.replicas.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const ADMIN_KEY = 'admin-key-cluster-e2e';

export interface Answer {
  status: number;
  text: string;
}

/** One /v1/messages call; a transport failure is an answer with status 0, so traffic loops can count it. */
export async function ask(baseUrl: string): Promise<Answer> {
  try {
    const response = await fetch(`${baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] }),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { status: 0, text: String(error) };
  }
}

export async function health(baseUrl: string): Promise<{ status: number; body: any }> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(3_000) });
    return { status: response.status, body: await response.json() };
  } catch (error) {
    return { status: 0, body: { error: String(error) } };
  }
}

/** Polls until `check` returns something truthy. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Continuous traffic the way a load balancer routes it: every 100 ms each target's readiness is probed, and requests go
 * round-robin to the targets that answered 200 last. Records every answer and every probe.
 */
export class Traffic {
  readonly answers: (Answer & { target: string })[] = [];
  readonly probes: { target: string; status: number }[] = [];
  private readonly ready = new Map<string, boolean>();
  private running = true;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly targets: () => Map<string, GatewayProcess>,
    clients = 4,
  ) {
    this.loops.push(this.probeLoop());
    for (let index = 0; index < clients; index += 1) this.loops.push(this.clientLoop(index));
  }

  failures(): (Answer & { target: string })[] {
    return this.answers.filter((answer) => answer.status !== 200);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async probeLoop(): Promise<void> {
    while (this.running) {
      await Promise.all(
        [...this.targets()].map(async ([name, replica]) => {
          const { status } = await health(replica.url);
          this.probes.push({ target: name, status });
          this.ready.set(name, status === 200);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async clientLoop(offset: number): Promise<void> {
    let turn = offset;
    while (this.running) {
      const live = [...this.targets()].filter(([name]) => this.ready.get(name));
      if (!live.length) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      const [name, replica] = live[turn++ % live.length];
      this.answers.push({ target: name, ...(await ask(replica.url)) });
    }
  }
}

/** An HTTP server that takes requests and never answers: a WorkOS whose reply never arrives. */
export async function blackHole(): Promise<{ url: string; received: IncomingMessage[]; close(): Promise<void> }> {
  const received: IncomingMessage[] = [];
  const server: Server = createServer((req) => received.push(req));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/user_management/authenticate`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
