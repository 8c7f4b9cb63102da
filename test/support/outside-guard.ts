import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP(S) proxy that refuses everything and records what was attempted. Real CLIs run with it as HTTPS_PROXY /
 * HTTP_PROXY (loopback exempt through NO_PROXY), so a test can prove nothing but the gateway was contacted: telemetry,
 * update checks and feature-flag fetches all land here instead of the internet.
 */
export class OutsideGuard {
  readonly attempts: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<OutsideGuard> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const guard = new OutsideGuard(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      guard.attempts.push(`${req.method} ${req.url}`);
      res.writeHead(403).end();
    });
    server.on('connect', (req, socket) => {
      guard.attempts.push(`CONNECT ${req.url}`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    return guard;
  }

  /** The proxy variables for a child process: everything but loopback goes through the guard. */
  env(): Record<string, string> {
    return { HTTPS_PROXY: this.url, HTTP_PROXY: this.url, ALL_PROXY: this.url, NO_PROXY: '127.0.0.1,localhost' };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
