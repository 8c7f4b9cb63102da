import type { Response } from 'express';

const KEEPALIVE_COMMENT = ': keepalive\n\n';

/**
 * Writes a gateway-made SSE stream (whole events only) with backpressure, keepalive comments during upstream
 * silence, and byte/first-byte accounting.
 */
export class SseResponseWriter {
  bytes = 0;
  private keepalive: NodeJS.Timeout | null = null;

  constructor(
    private readonly res: Response,
    keepaliveMs: number,
    private readonly onFirstByte: () => void,
  ) {
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    if (keepaliveMs > 0) {
      this.keepalive = setInterval(() => this.res.write(KEEPALIVE_COMMENT), keepaliveMs);
      this.keepalive.unref();
    }
  }

  /** Resolves once the client can take more (or has gone: the caller checks `closed`). */
  async write(text: string): Promise<void> {
    if (this.bytes === 0) this.onFirstByte();
    this.keepalive?.refresh();
    this.bytes += Buffer.byteLength(text);
    if (this.res.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  end(text?: string): void {
    this.stop();
    if (!this.closed) this.res.end(text);
  }

  stop(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = null;
  }
}
