import type { Response } from 'express';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { onResponseClose } from '../core/http/on-response-close';
import { msSinceStart, requestContext, type RequestContext } from '../core/http/request-context';
import { readBuffered } from '../core/stream/buffered-reads';
import type { KeepaliveWheel, WheelMember } from './keepalive-wheel';

const KEEPALIVE_COMMENT = ': keepalive\n\n';
const LF = 0x0a;
const CR = 0x0d;

export interface SseResponseOptions {
  /**
   * The event telling the client, in the route's own format, that its stream failed after the headers went out:
   * midway (no status), or with the upstream's status when that came after the early headers.
   */
  errorEvent(message: string, status?: number): string;
  /** The frame written during silence (Anthropic's `event: ping`, say); an SSE comment when absent. */
  keepalive?(): string;
}

/** What the writers of one application share; SseResponses makes it. */
export interface SseHost {
  wheel: KeepaliveWheel;
  /** Silent ticks before a keepalive; 0 = never. */
  keepaliveTicks: number;
  /** Ticks a stream may wait for the upstream before its SSE headers go out; 0 = wait for the upstream. */
  earlyHeadersTicks: number;
  registerOpenWork(work: { close(reason: string): void }): () => void;
  /** Counts an open stream; the returned function uncounts it. */
  streamOpened(): () => void;
}

/**
 * The one writer of SSE responses, for upstream bytes passed through as they arrived and for frames an encoder made.
 * It owns what every stream needs: the SSE headers, backpressure, keepalive during silence (only between events, so
 * a keepalive never splits one), the drain closing it with an error event in the route's format, the client leaving,
 * and the per-stream accounting (first byte, bytes, open-streams gauge), kept to a few stores per chunk.
 *
 * A writer starts out `waiting` for the upstream's answer. If the answer takes longer than the early-headers delay,
 * the writer sends `200` and the SSE headers with a keepalive so an ingress does not cut the client; from then on an
 * upstream failure can only reach the client as an error event. `release()` hands the response back while nothing has
 * been sent, so a prompt upstream error still goes out with its own status.
 */
export class SseResponseWriter implements WheelMember {
  /** Called when the drain closes the stream; by default the stream ends at once with an error event. */
  onShutdown: ((reason: string) => void) | null = null;
  private phase: 'waiting' | 'open' | 'ended' = 'waiting';
  private readonly context: RequestContext;
  private lastTick: number;
  // The last three bytes written, to tell whether the stream stands between two events (LF or CRLF line endings).
  private b1 = LF;
  private b2 = LF;
  private b3 = LF;
  private piping: Readable | null = null;
  private unregister: (() => void) | null;
  private uncount: (() => void) | null = null;

  constructor(
    private readonly res: Response,
    private readonly host: SseHost,
    private readonly options: SseResponseOptions,
  ) {
    this.context = requestContext(res);
    this.lastTick = host.wheel.tick;
    if (host.keepaliveTicks > 0 || host.earlyHeadersTicks > 0) host.wheel.add(this);
    const unregisterDrain = host.registerOpenWork({ close: (reason) => this.shutdown(reason) });
    this.unregister = () => {
      host.wheel.delete(this);
      unregisterDrain();
    };
    onResponseClose(res, () => {
      this.phase = 'ended';
      this.settle();
    });
  }

  /** Still waiting for the upstream: nothing sent, the response can still be answered otherwise. */
  get waiting(): boolean {
    return this.phase === 'waiting';
  }

  /** The client left or the stream ended: nothing more can be written. */
  get closed(): boolean {
    return this.phase === 'ended' || this.res.destroyed || this.res.writableEnded;
  }

  get atEventBoundary(): boolean {
    return this.b3 === LF && (this.b2 === LF || (this.b2 === CR && this.b1 === LF));
  }

  /**
   * Starts the SSE response with the upstream's status and the headers worth passing back. Nothing is flushed: the
   * headers leave with the first bytes (one write instead of two), or within a tick when none come.
   */
  begin(status = 200, headers: OutgoingHttpHeaders = {}, contentType = 'text/event-stream; charset=utf-8'): void {
    if (this.phase !== 'waiting') return;
    this.phase = 'open';
    this.res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) this.res.setHeader(name, value);
    this.res.setHeader('content-type', contentType);
    this.res.setHeader('cache-control', 'no-cache');
    this.res.setHeader('x-accel-buffering', 'no');
    this.context.streamed = true;
    this.context.bytesOut = 0;
    this.lastTick = this.host.wheel.tick;
    this.uncount = this.host.streamOpened();
  }

  /** Hands the response back while nothing was sent; false once the SSE headers are out (use `fail` then). */
  release(): boolean {
    if (this.phase !== 'waiting') return false;
    this.phase = 'ended';
    this.settle();
    return true;
  }

  /** Upstream bytes as they arrived, unchanged. False when the client's buffer is full: wait for `drained()`. */
  writeBytes(chunk: Buffer): boolean {
    if (this.phase !== 'open') return false;
    const n = chunk.length;
    if (n === 0) return true;
    this.account(n);
    if (n >= 3) {
      this.b1 = chunk[n - 3];
      this.b2 = chunk[n - 2];
      this.b3 = chunk[n - 1];
    } else {
      for (let i = 0; i < n; i += 1) this.shift(chunk[i]);
    }
    return this.res.write(chunk);
  }

  /** Whole events made by an encoder. False when the client's buffer is full: wait for `drained()`. */
  writeEvent(frames: string): boolean {
    if (this.phase !== 'open') return false;
    if (frames === '') return true;
    this.account(Buffer.byteLength(frames));
    this.b1 = this.b2 = this.b3 = LF;
    return this.res.write(frames);
  }

  /** Resolves when the client can take more, or has gone (check `closed`). */
  drained(): Promise<void> {
    if (this.closed || !this.res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  /**
   * Copies an upstream body to the client, pausing the upstream while the client is behind; `onChunk` sees every piece
   * first. Resolves when the body ended; rejects with the reason it broke off (the drain, an idle timeout, a reset, the
   * client leaving). Hand-rolled rather than `stream.pipeline`, which allocates an abort controller, an error and
   * several listeners per stream.
   *
   * Read in paused mode: what arrived since the last turn is joined into one buffer and written once. An upstream
   * sends each event as its own HTTP chunk, so one socket read holds several and flowing mode would emit a `data` event
   * and cost a `write` (four sends for the chunked framing) per event; Node would put those writes in one syscall
   * anyway (it corks the socket for the tick), so writing them together changes what the client gets in no way but the
   * work.
   */
  pipe(body: Readable, onChunk?: (chunk: Buffer) => void): Promise<void> {
    this.piping = body;
    return new Promise<void>((resolve, reject) => {
      let behind = false;
      const copy = () => {
        if (behind) return;
        const piece = readBuffered(body);
        if (piece === null) return;
        onChunk?.(piece);
        if (!this.writeBytes(piece) && !this.closed) {
          // What arrives meanwhile stays in the body's buffer, and undici stops reading the socket once that is full.
          behind = true;
          this.res.once('drain', resume);
        }
      };
      const resume = () => {
        behind = false;
        copy();
      };
      const onClientGone = () => body.destroy();
      const settle = (error?: Error) => {
        body.off('readable', copy);
        body.off('end', onEnd);
        body.off('error', onError);
        body.off('close', onClose);
        this.res.off('drain', resume);
        this.res.off('close', onClientGone);
        this.piping = null;
        if (error) reject(error);
        else resolve();
      };
      const onEnd = () => settle();
      const onError = (error: Error) => settle(error);
      const onClose = () => settle(new Error('upstream body closed before its end'));
      body.on('readable', copy);
      body.once('end', onEnd);
      body.once('error', onError);
      body.once('close', onClose);
      this.res.once('close', onClientGone);
    });
  }

  end(frames?: string): void {
    if (this.closed) return;
    if (this.phase === 'waiting') this.begin();
    if (frames) this.account(Buffer.byteLength(frames));
    this.phase = 'ended';
    this.settle();
    this.res.end(frames);
  }

  /** Ends the stream with the route's error event, on a fresh line if the stream stopped inside an event. */
  fail(message: string, status?: number): void {
    if (this.closed) return;
    if (this.phase === 'waiting') this.begin();
    this.end((this.atEventBoundary ? '' : '\n\n') + this.options.errorEvent(message, status));
  }

  onTick(tick: number): void {
    if (this.phase === 'waiting') {
      if (this.host.earlyHeadersTicks > 0 && tick - this.lastTick > this.host.earlyHeadersTicks) {
        this.begin();
        this.keepalive();
      }
      return;
    }
    if (this.phase !== 'open' || this.closed) return;
    // Comparisons are strict: a whole period of silence, measured in ticks, lies behind a keepalive.
    if (this.host.keepaliveTicks > 0 && tick - this.lastTick > this.host.keepaliveTicks) {
      if (this.atEventBoundary && !this.res.writableNeedDrain) this.keepalive();
    } else if (!this.res.headersSent && tick - this.lastTick > 1) {
      // Begun, but no bytes for a tick: the client learns the stream started without waiting for the first event.
      this.res.flushHeaders();
    }
  }

  private keepalive(): void {
    const frame = this.options.keepalive?.() ?? KEEPALIVE_COMMENT;
    this.writeEvent(frame);
  }

  private shutdown(reason: string): void {
    if (this.onShutdown) this.onShutdown(reason);
    else if (this.piping) this.piping.destroy(new Error(reason));
    else this.fail(reason);
  }

  private account(size: number): void {
    const context = this.context;
    if (context.bytesOut === 0) context.ttfbMs = msSinceStart(context);
    context.bytesOut! += size;
    this.lastTick = this.host.wheel.tick;
  }

  private shift(byte: number): void {
    this.b1 = this.b2;
    this.b2 = this.b3;
    this.b3 = byte;
  }

  private settle(): void {
    this.unregister?.();
    this.unregister = null;
    this.uncount?.();
    this.uncount = null;
  }
}
