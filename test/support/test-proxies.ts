import { createServer, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ProxyAuth {
  username: string;
  password: string;
}

/** One request a forward proxy saw: a CONNECT tunnel or an absolute-URI forward. */
export interface ProxyLogEntry {
  kind: 'connect' | 'forward';
  /** `host:port` for CONNECT, the absolute URL for forwards. */
  target: string;
  authorized: boolean;
}

/**
 * A tiny HTTP forward proxy: CONNECT tunnels (undici's ProxyAgent default) and absolute-URI forwarding
 * (`proxyTunnel: false`), with optional Basic auth. Used to prove outbound proxy rotation really goes through
 * each proxy.
 */
export class ForwardProxy {
  /** Requests forwarded plus tunnels opened, after auth. */
  served = 0;
  readonly log: ProxyLogEntry[] = [];
  /** When set, every request is refused with this status, as a broken proxy would. */
  failWith: number | undefined;

  private readonly sockets = new Set<Duplex>();

  constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly auth: ProxyAuth | undefined,
  ) {}

  /** The proxy URL with credentials embedded, e.g. `http://user:pass@127.0.0.1:PORT`. */
  get urlWithAuth(): string {
    if (!this.auth) return this.url;
    const url = new URL(this.url);
    url.username = encodeURIComponent(this.auth.username);
    url.password = encodeURIComponent(this.auth.password);
    return url.toString().replace(/\/$/, '');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  track(socket: Duplex): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  forward(req: IncomingMessage, res: ServerResponse): void {
    const target = req.url ?? '';
    const authorized = this.isAuthorized(req);
    this.log.push({ kind: 'forward', target, authorized });
    if (!authorized) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="fake-proxy"', 'content-length': 0 }).end();
      return;
    }
    if (this.failWith !== undefined) {
      res.writeHead(this.failWith, { 'content-length': 0 }).end();
      return;
    }
    if (!/^https?:\/\//.test(target)) {
      res.writeHead(400, { 'content-length': 0 }).end();
      return;
    }
    const url = new URL(target);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      { hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-length': 0 }).end();
      else res.destroy();
    });
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
    this.served += 1;
  }

  tunnel(req: IncomingMessage, client: Duplex, head: Buffer): void {
    this.track(client);
    const target = req.url ?? '';
    const authorized = this.isAuthorized(req);
    this.log.push({ kind: 'connect', target, authorized });
    if (!authorized) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="fake-proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (this.failWith !== undefined) {
      client.end(`HTTP/1.1 ${this.failWith} Proxy Error\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const { hostname, port } = new URL(`http://${target}`);
    const upstream = connect(Number(port || 80), hostname, () => {
      this.served += 1;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.track(upstream);
    upstream.on('error', () => {
      if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
    client.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }

  private isAuthorized(req: IncomingMessage): boolean {
    if (!this.auth) return true;
    const expected = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
    return req.headers['proxy-authorization'] === expected;
  }
}

export async function startForwardProxy(options: { auth?: ProxyAuth } = {}): Promise<ForwardProxy> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = new ForwardProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, options.auth);
  server.on('connection', (socket: Socket) => proxy.track(socket));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => proxy.forward(req, res));
  server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => proxy.tunnel(req, socket, head));
  return proxy;
}

/**
 * A TCP pass-through that drops a connection after `idleMs` without a byte in either direction, like a cloud
 * load balancer's idle timeout. Lets tests prove long silent streams are kept alive (or fail cleanly).
 */
export class IdleTimeoutProxy {
  /** Connections cut for idleness. */
  cuts = 0;
  /** Connections accepted. */
  connections = 0;

  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly server: TcpServer,
    readonly url: string,
  ) {}

  accept(client: Socket, target: URL, idleMs: number): void {
    this.connections += 1;
    const upstream = connect(Number(target.port || 80), target.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    }
    let timer: NodeJS.Timeout | undefined;
    const teardown = (): void => {
      clearTimeout(timer);
      client.destroy();
      upstream.destroy();
    };
    const rearm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        this.cuts += 1;
        teardown();
      }, idleMs);
    };
    rearm();
    client.on('data', rearm);
    upstream.on('data', rearm);
    client.pipe(upstream);
    upstream.pipe(client);
    for (const socket of [client, upstream]) {
      socket.on('error', teardown);
      socket.once('close', teardown);
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** `target` is a base URL such as `fake.url`; the returned proxy's `url` replaces it. */
export async function startIdleTimeoutProxy(target: string, idleMs: number): Promise<IdleTimeoutProxy> {
  const targetUrl = new URL(target);
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = new IdleTimeoutProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  server.on('connection', (client: Socket) => proxy.accept(client, targetUrl, idleMs));
  return proxy;
}
