import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiFamily } from './api-family';
import { respondWith, type RouteTarget } from './behaviour-responder';
import { anthropicFamily, anthropicInputTokens } from './fake-anthropic';
import type { Behaviour } from './fake-behaviour';
import { chatFamily } from './fake-chat';
import { googleFamily } from './fake-google';
import { responsesFamily } from './fake-responses';
import { FakeWorkos } from './fake-workos';
import { presentedToken, type RecordedRequest, recordRequest } from './recorded-request';
import { ReplyChannel } from './reply-channel';
import { ScriptBook } from './script-book';
import { validateAnthropicRequest } from './validate-anthropic-request';
import { describeStatus, IdSource } from './wire-helpers';

const LLM_ROUTES: ReadonlyMap<string, ApiFamily<unknown>> = new Map<string, ApiFamily<unknown>>([
  ['/a/v1/messages', anthropicFamily],
  ['/o/v1/responses', responsesFamily],
  ['/o/v1/chat/completions', chatFamily],
  ['/g/v1/generate', googleFamily],
]);
const COUNT_TOKENS = '/a/v1/messages/count_tokens';
/**
 * Factory's edge refuses a request header longer than this with a 400 and no body at all (seen from a client sending
 * a 10 KB header through the gateway); the fake does the same before anything else.
 */
export const EDGE_MAX_HEADER_BYTES = 8192;

/**
 * A local stand-in for every upstream droid2api talks to: Factory's Anthropic (`/a`), OpenAI Responses and Chat
 * Completions (`/o`) and Google generate (`/g`) endpoints, plus WorkOS (`/user_management`). It validates requests
 * as the real APIs do, records them, answers in exact wire formats, and can be scripted with faults.
 *
 * @example
 * const fake = await FakeUpstream.start();
 * fake.script('/a/v1/messages', { status: 429, headers: { 'retry-after': '1' } });
 * fake.script('/a/v1/messages', { sseFixture: 'anthropic-tool-use', splitEvery: 7 });
 * // ...drive the gateway, then:
 * expect(fake.lastRequest('/a/v1/messages')?.body.system[0].text).toContain('Factory');
 */
export class FakeUpstream {
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[] = [];
  /** When non-empty, only these bearer tokens (and live WorkOS-issued ones) are accepted; otherwise any token is. */
  readonly validTokens = new Set<string>();
  /** Always refused with 401. */
  readonly revokedTokens = new Set<string>();
  /** Refused with 402 (account out of credits). */
  readonly unpaidTokens = new Set<string>();
  /** Responses the client abandoned before they finished. */
  abortedRequests = 0;

  private readonly scripts = new ScriptBook();
  private readonly changes = new EventEmitter();
  private readonly sockets = new Set<Socket>();
  private ids = new IdSource();
  private inFlight = 0;
  private fakeWorkos: FakeWorkos;
  private baseUrl = '';

  private constructor(private readonly server: Server) {
    this.fakeWorkos = new FakeWorkos(() => this.baseUrl);
    this.changes.setMaxListeners(0);
  }

  static async start(): Promise<FakeUpstream> {
    const server = createServer();
    const fake = new FakeUpstream(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void fake.handle(req, res);
    });
    server.on('connection', (socket: Socket) => {
      fake.sockets.add(socket);
      socket.once('close', () => {
        fake.sockets.delete(socket);
        fake.changes.emit('change');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  /** Base URL such as `http://127.0.0.1:PORT`; append `/a`, `/o/v1`, `/g/v1` per upstream type. */
  get url(): string {
    return this.baseUrl;
  }

  get workos(): FakeWorkos {
    return this.fakeWorkos;
  }

  /** Requests whose response has not finished yet. */
  get openRequests(): number {
    return this.inFlight;
  }

  /** TCP connections currently open to the fake (keep-alive ones included). */
  get openConnections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forgets requests, scripts, token sets, counters and WorkOS state; keeps the port. */
  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
    this.validTokens.clear();
    this.revokedTokens.clear();
    this.unpaidTokens.clear();
    this.abortedRequests = 0;
    this.ids = new IdSource();
    this.fakeWorkos = new FakeWorkos(() => this.baseUrl);
  }

  /** The next `times` requests whose path starts with `pathPrefix` get `behaviour` (after auth and validation). */
  script(pathPrefix: string, behaviour: Behaviour, times = 1): void {
    this.scripts.add(pathPrefix, behaviour, times);
  }

  /** Every request under `pathPrefix` gets `behaviour` until reset(); one-off scripts still go first. */
  scriptAlways(pathPrefix: string, behaviour: Behaviour): void {
    this.scripts.add(pathPrefix, behaviour, Number.POSITIVE_INFINITY);
  }

  /** One-off scripts not consumed yet. */
  pendingScripts(): { pathPrefix: string; remaining: number }[] {
    return this.scripts.pending();
  }

  requestsTo(pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.startsWith(pathPrefix));
  }

  lastRequest(pathPrefix = '/'): RecordedRequest | undefined {
    return this.requestsTo(pathPrefix).at(-1);
  }

  /** Resolves with the first recorded request (past or future) matching `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(predicate), timeoutMs, 'a matching request');
  }

  /** Resolves once at least `count` responses have been abandoned by their client. */
  waitForAbortedRequests(count = 1, timeoutMs = 5000): Promise<true> {
    return this.waitUntil(() => this.abortedRequests >= count || undefined, timeoutMs, `${count} aborted request(s)`);
  }

  /** Resolves when no response is in flight. */
  waitForIdle(timeoutMs = 5000): Promise<true> {
    return this.waitUntil(() => this.inFlight === 0 || undefined, timeoutMs, 'no open requests');
  }

  /** Re-checks `probe` whenever a request arrives or a response or connection closes. */
  waitUntil<T>(probe: () => T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeUpstream: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
      check();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const channel = new ReplyChannel(res);
    this.inFlight += 1;
    let request: RecordedRequest | undefined;
    res.once('close', () => {
      this.inFlight -= 1;
      if (channel.abortedByClient) this.abortedRequests += 1;
      if (request) request.outcome = channel.cutByServer ? 'cut' : channel.abortedByClient ? 'aborted' : 'completed';
      this.changes.emit('change');
    });
    try {
      request = await recordRequest(req);
    } catch {
      return; // the client left while sending its body
    }
    this.requests.push(request);
    this.changes.emit('change');
    try {
      await this.route(request, channel);
    } catch (error) {
      // A bug in the fake or a test's custom handler: make it visible instead of hanging the client.
      if (!res.headersSent) channel.sendJson(500, { error: { message: `FakeUpstream crashed: ${String(error)}` } });
      else await channel.cut();
    }
  }

  private async route(request: RecordedRequest, channel: ReplyChannel): Promise<void> {
    const oversized = Object.values(request.headers).some((value) => Buffer.byteLength(String(value ?? '')) > EDGE_MAX_HEADER_BYTES);
    if (oversized) return channel.sendText(400, '');
    const family = LLM_ROUTES.get(request.path);
    if (request.method === 'POST' && family) return this.serveLlm(family, request, channel);
    if (request.method === 'POST' && request.path === COUNT_TOKENS) return this.serveCountTokens(request, channel);
    if (request.method === 'POST' && request.path.startsWith('/user_management/')) {
      const target: RouteTarget = { family: undefined, serveDefault: () => this.fakeWorkos.handle(request, channel) };
      return respondWith(this.scripts.take(request.path), target, request, channel, this.ids);
    }
    channel.sendJson(404, { error: { message: `FakeUpstream has no route ${request.method} ${request.path}` } });
  }

  private async serveLlm(family: ApiFamily<unknown>, request: RecordedRequest, channel: ReplyChannel): Promise<void> {
    const denied = this.accessStatus(presentedToken(request, family.acceptsApiKeyHeader));
    if (denied) return channel.sendJson(denied, family.errorBody(denied, { message: describeStatus(denied) }));
    const rejection = family.validate(request);
    if (rejection) return channel.sendJson(400, family.errorBody(400, rejection));
    return respondWith(this.scripts.take(request.path), { family }, request, channel, this.ids);
  }

  private async serveCountTokens(request: RecordedRequest, channel: ReplyChannel): Promise<void> {
    const denied = this.accessStatus(presentedToken(request, true));
    if (denied) return channel.sendJson(denied, anthropicFamily.errorBody(denied, { message: describeStatus(denied) }));
    const message = validateAnthropicRequest(request, { countTokens: true });
    if (message) return channel.sendJson(400, anthropicFamily.errorBody(400, { message }));
    const target: RouteTarget = {
      family: anthropicFamily,
      serveDefault: () => channel.sendJson(200, { input_tokens: anthropicInputTokens(request.body) }),
    };
    return respondWith(this.scripts.take(request.path), target, request, channel, this.ids);
  }

  private accessStatus(token: string | undefined): 401 | 402 | undefined {
    if (!token || this.revokedTokens.has(token)) return 401;
    if (this.unpaidTokens.has(token)) return 402;
    const issued = this.fakeWorkos.accessTokenStatus(token);
    if (issued === 'expired') return 401;
    if (issued === 'valid') return undefined;
    return this.validTokens.size > 0 && !this.validTokens.has(token) ? 401 : undefined;
  }
}
