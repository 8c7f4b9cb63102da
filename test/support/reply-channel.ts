import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * The response half of one exchange. Knows whether the socket is gone, tells a client abort apart from a cut
 * the fake made on purpose, and honours backpressure on every write.
 */
export class ReplyChannel {
  private closed = false;
  private cutOnPurpose = false;

  constructor(readonly res: ServerResponse) {
    res.once('close', () => {
      this.closed = true;
    });
  }

  /** True once the socket closed or the response ended; writers stop here. */
  get done(): boolean {
    return this.closed || this.res.writableEnded;
  }

  /** True when the response closed before it finished and the fake did not cause it. */
  get abortedByClient(): boolean {
    return this.closed && !this.res.writableFinished && !this.cutOnPurpose;
  }

  /** True when the fake destroyed the socket on purpose (cutAfterEvents). */
  get cutByServer(): boolean {
    return this.cutOnPurpose;
  }

  /**
   * Destroys the socket mid-response, as a crashed upstream or load balancer would — after what was already written
   * has left: Node holds a response's writes corked until the next tick, and destroying in the same tick drops them.
   */
  async cut(): Promise<void> {
    this.cutOnPurpose = true;
    await new Promise((resolve) => setImmediate(resolve));
    this.res.destroy();
  }

  /** Sleeps, waking early if the client leaves. */
  pause(ms: number): Promise<void> {
    if (ms <= 0 || this.done) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.res.off('close', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.res.once('close', wake);
    });
  }

  writeHead(status: number, headers: OutgoingHttpHeaders): void {
    if (this.done) return;
    this.res.writeHead(status, headers);
    this.res.flushHeaders();
  }

  /** Writes and, when the socket buffer is full, waits for 'drain' (or for the client to leave). */
  async write(data: string | Buffer): Promise<void> {
    if (this.done) return;
    if (this.res.write(data)) return;
    await new Promise<void>((resolve) => {
      const resume = (): void => {
        this.res.off('drain', resume);
        this.res.off('close', resume);
        resolve();
      };
      this.res.on('drain', resume);
      this.res.on('close', resume);
    });
  }

  end(): void {
    if (!this.done) this.res.end();
  }

  sendJson(status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
    this.sendText(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
  }

  sendText(status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
    if (this.done) return;
    this.res.writeHead(status, { 'content-length': Buffer.byteLength(text), ...headers });
    this.res.end(text);
  }
}
