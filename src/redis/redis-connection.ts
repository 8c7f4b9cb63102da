import type { createClient } from '@redis/client';
import type { LoggerService } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { RedisConfig } from '../config/app-config';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * Reconnection delay: doubling from 100 ms, capped at 2 s (a replica must not stay without its lock long after Redis
 * is back), with jitter so replicas do not reconnect in step.
 */
export function reconnectDelay(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(2_000, 100 * 2 ** Math.min(retries, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RedisState {
  up: boolean;
  /** The last connection error while down; never holds the URL's password. */
  error?: string;
  since: number;
}

/**
 * The gateway's two connections to Redis: one for commands, one for subscriptions (a subscribed connection can run
 * nothing else). Commands fail at once while Redis is unreachable (no offline queue): a refresh must never be sent
 * late by a queue replaying it, and requests must not wait on Redis. Both connections reconnect with backoff.
 *
 * Emits `up` after every (re)connection, so holders of shared state can re-read it: a Redis that came back empty
 * (restarted without persistence) is noticed there.
 */
export class RedisConnection extends EventEmitter {
  readonly client: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private readonly shas = new Map<string, string>();
  private stateNow: RedisState = { up: false, since: Date.now() };
  private closed = false;

  constructor(
    private readonly config: RedisConfig,
    private readonly logger: Pick<LoggerService, 'log' | 'warn' | 'error'>,
  ) {
    super();
    this.setMaxListeners(0);
    const options = {
      url: config.url,
      ...(config.password !== undefined && { password: config.password }),
      disableOfflineQueue: true,
      socket: { connectTimeout: 5_000, reconnectStrategy: (retries: number) => reconnectDelay(retries) },
    };
    // Loaded only when REDIS_URL is set: the client adds ~13 MB to every process, most of which run on files.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const redis = require('@redis/client') as typeof import('@redis/client');
    this.client = redis.createClient(options);
    this.subscriber = redis.createClient(options);
    this.client.on('error', (error: Error) => this.down(error));
    this.subscriber.on('error', () => undefined);
    this.client.on('ready', () => this.ready());
  }

  /** Where Redis is, for logs and /health: the URL without its password. */
  get location(): string {
    return redactedUrl(this.config.url);
  }

  get state(): RedisState {
    return { ...this.stateNow };
  }

  get isUp(): boolean {
    return this.stateNow.up && this.client.isReady;
  }

  key(name: string): string {
    return `${this.config.keyPrefix}${name}`;
  }

  /** Connects both connections; resolves once Redis answered, retrying with backoff meanwhile (logged). */
  async connect(): Promise<void> {
    await Promise.all([this.client.connect(), this.subscriber.connect()]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.client.close(), this.subscriber.close()]);
  }

  /**
   * Runs a Lua script by its SHA1 (EVALSHA: the body is not sent on every call, which matters on the per-request
   * rate-limit path), loading it with EVAL when Redis does not know it (first call, or after a restart).
   */
  async script(body: string, keys: string[], args: string[]): Promise<unknown> {
    let sha = this.shas.get(body);
    if (!sha) {
      sha = createHash('sha1').update(body).digest('hex');
      this.shas.set(body, sha);
    }
    try {
      return await this.client.evalSha(sha, { keys, arguments: args });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.client.eval(body, { keys, arguments: args });
    }
  }

  /** Publishes on a prefixed channel; a failure is ignored (the others re-read everything when Redis is back). */
  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(this.key(channel), message).catch(() => undefined);
  }

  /** Calls `handler` for every message on the prefixed channel; resubscribed after reconnections. Returns unsubscribe. */
  subscribe(channel: string, handler: (message: string) => void): () => void {
    const name = this.key(channel);
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
      const listeners = set;
      this.subscriber.subscribe(name, (message: string) => listeners.forEach((listener) => listener(message))).catch(() => undefined);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  private ready(): void {
    const wasDown = !this.stateNow.up;
    this.stateNow = { up: true, since: Date.now() };
    if (wasDown) this.logger.log({ redis: this.location }, 'redis connected');
    this.emit('up');
  }

  private down(error: Error): void {
    if (this.closed) return;
    const message = redactedMessage(error.message, this.config);
    if (this.stateNow.up || this.stateNow.error !== message) {
      this.logger.error({ redis: this.location, error: message }, 'redis unreachable; serving with the tokens held, no refresh until it is back');
    }
    this.stateNow = { up: false, since: this.stateNow.up ? Date.now() : this.stateNow.since, error: message };
    this.emit('down');
  }
}

export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}

function redactedMessage(message: string, config: RedisConfig): string {
  let text = message;
  const secrets = [config.password, safePassword(config.url)].filter((value): value is string => Boolean(value));
  for (const secret of secrets) text = text.split(secret).join('***');
  return text;
}

function safePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
