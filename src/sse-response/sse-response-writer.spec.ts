import type { Response } from 'express';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { KeepaliveWheel } from './keepalive-wheel';
import { SseResponseWriter, type SseHost } from './sse-response-writer';

/** The parts of an Express response the writer uses, recording what reaches the wire. */
class FakeResponse extends EventEmitter {
  statusCode = 200;
  headers: Record<string, unknown> = {};
  headersSent = false;
  writableNeedDrain = false;
  writableEnded = false;
  destroyed = false;
  locals: Record<string, unknown> = {};
  wire = '';
  /** Whether the next write reports a full buffer. */
  full = false;

  setHeader(name: string, value: unknown): void {
    this.headers[name] = value;
  }
  flushHeaders(): void {
    this.headersSent = true;
  }
  write(chunk: string | Buffer): boolean {
    this.headersSent = true;
    this.wire += chunk.toString();
    this.writableNeedDrain = this.full;
    return !this.full;
  }
  end(chunk?: string): void {
    if (chunk) this.write(chunk);
    this.headersSent = true;
    this.writableEnded = true;
    this.emit('finish');
    this.emit('close');
  }
  /** The client leaves. */
  leave(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

const errorEvent = (message: string, status?: number) => `event: error\ndata: ${status ?? 'midway'} ${message}\n\n`;

function setup(periods: { keepaliveMs?: number; earlyHeadersMs?: number } = {}, keepalive?: () => string) {
  const wheel = new KeepaliveWheel(100);
  const open = new Set<{ close(reason: string): void }>();
  const counted = { streams: 0 };
  const host: SseHost = {
    wheel,
    keepaliveTicks: periods.keepaliveMs ? wheel.ticksFor(periods.keepaliveMs) : 0,
    earlyHeadersTicks: periods.earlyHeadersMs ? wheel.ticksFor(periods.earlyHeadersMs) : 0,
    registerOpenWork: (work) => {
      open.add(work);
      return () => open.delete(work);
    },
    streamOpened: () => {
      counted.streams += 1;
      return () => (counted.streams -= 1);
    },
  };
  const res = new FakeResponse();
  const writer = new SseResponseWriter(res as unknown as Response, host, { errorEvent, keepalive });
  const shutdown = (reason: string) => [...open].forEach((work) => work.close(reason));
  return { wheel, res, writer, open, counted, shutdown };
}

describe(SseResponseWriter.name, () => {
  // Streams deliver data on setImmediate and nextTick; only the wheel's interval is faked.
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('sends the SSE headers with the first bytes, and upstream chunks unchanged', () => {
    const { res, writer, counted } = setup();
    writer.begin(200, { 'retry-after': '3' }, 'text/event-stream');
    expect(res.headersSent).toBe(false);
    writer.writeBytes(Buffer.from('event: a\ndata: {}\n\n'));
    expect(res.wire).toBe('event: a\ndata: {}\n\n');
    expect(res.headers).toEqual({ 'retry-after': '3', 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    expect(res.locals).toMatchObject({ streamed: true, bytesOut: 19 });
    expect(counted.streams).toBe(1);
    writer.end();
    expect(counted.streams).toBe(0);
  });

  it('writes keepalives during silence only between events, one per period', () => {
    const { res, writer } = setup({ keepaliveMs: 1000 });
    writer.begin();
    writer.writeBytes(Buffer.from('event: a\ndata: {}\n\n'));
    jest.advanceTimersByTime(1000);
    expect(res.wire).toBe('event: a\ndata: {}\n\n');
    jest.advanceTimersByTime(100);
    expect(res.wire).toBe('event: a\ndata: {}\n\n: keepalive\n\n');
    jest.advanceTimersByTime(1100);
    expect(res.wire.split(': keepalive').length - 1).toBe(2);

    // Inside an event (split by the upstream), silence gets no comment however long.
    writer.writeBytes(Buffer.from('event: b\r\ndata: {"x":'));
    jest.advanceTimersByTime(10_000);
    expect(res.wire.endsWith('{"x":')).toBe(true);
    writer.writeBytes(Buffer.from('1}\r\n'));
    writer.writeBytes(Buffer.from('\r\n'));
    jest.advanceTimersByTime(1100);
    expect(res.wire.endsWith('1}\r\n\r\n: keepalive\n\n')).toBe(true);
    writer.end();
  });

  it('uses the keepalive hook when given (an Anthropic ping event)', () => {
    const ping = 'event: ping\ndata: {"type":"ping"}\n\n';
    const { res, writer } = setup({ keepaliveMs: 500 }, () => ping);
    writer.begin();
    writer.writeEvent('event: message_start\ndata: {}\n\n');
    jest.advanceTimersByTime(600);
    expect(res.wire).toBe(`event: message_start\ndata: {}\n\n${ping}`);
    writer.end();
  });

  it('sends no keepalive to a client whose buffer is full', () => {
    const { res, writer } = setup({ keepaliveMs: 500 });
    writer.begin();
    res.full = true;
    writer.writeBytes(Buffer.from('data: 1\n\n'));
    jest.advanceTimersByTime(5000);
    expect(res.wire).toBe('data: 1\n\n');
    writer.end();
  });

  it('gives a client still waiting for the upstream 200, the SSE headers and a keepalive after the early-headers delay', () => {
    const { res, writer } = setup({ keepaliveMs: 5000, earlyHeadersMs: 1000 });
    jest.advanceTimersByTime(1000);
    expect(writer.waiting).toBe(true);
    jest.advanceTimersByTime(100);
    expect(writer.waiting).toBe(false);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.wire).toBe(': keepalive\n\n');
    // Too late to answer with a status: the caller must turn an upstream error into an event.
    expect(writer.release()).toBe(false);
    writer.begin(429);
    expect(res.statusCode).toBe(200);
    writer.fail('slow down', 429);
    expect(res.wire).toBe(': keepalive\n\nevent: error\ndata: 429 slow down\n\n');
    expect(res.writableEnded).toBe(true);
  });

  it('hands a response back while nothing was sent, and stops watching it', () => {
    const { res, writer, wheel, open } = setup({ keepaliveMs: 1000, earlyHeadersMs: 1000 });
    expect(wheel.size).toBe(1);
    expect(writer.release()).toBe(true);
    expect(wheel.size).toBe(0);
    expect(open.size).toBe(0);
    jest.advanceTimersByTime(5000);
    expect(res.wire).toBe('');
    expect(res.headers).toEqual({});
  });

  it('ends a stream cut inside an event with the error event on a line of its own', () => {
    const { res, writer } = setup();
    writer.begin();
    writer.writeBytes(Buffer.from('event: a\ndata: {"par'));
    writer.fail('reset');
    expect(res.wire).toBe('event: a\ndata: {"par\n\nevent: error\ndata: midway reset\n\n');
  });

  it('pipes an upstream body and, on drain, destroys it so the caller ends the stream with its error event', async () => {
    const { res, writer, shutdown } = setup();
    writer.begin();
    const body = new Readable({ read() {} });
    const piped = writer.pipe(body);
    body.push(Buffer.from('data: 1\n\n'));
    await new Promise((resolve) => setImmediate(resolve));
    shutdown('The gateway is shutting down');
    await expect(piped).rejects.toThrow('shutting down');
    expect(res.wire).toBe('data: 1\n\n');
  });

  it('without an upstream to tear down, the drain ends the stream with an error event at once', () => {
    const { res, writer, shutdown } = setup();
    writer.begin();
    writer.writeEvent('data: 1\n\n');
    shutdown('The gateway is shutting down');
    expect(res.wire).toBe('data: 1\n\nevent: error\ndata: midway The gateway is shutting down\n\n');
  });

  it('stops reading the upstream while the client is behind and goes on after drain', async () => {
    const { res, writer } = setup();
    writer.begin();
    let reads = 0;
    const body = new Readable({
      highWaterMark: 16,
      read() {
        reads += 1;
      },
    });
    const piped = writer.pipe(body);
    res.full = true;
    body.push(Buffer.from('data: 1\n\n'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.wire).toBe('data: 1\n\n');
    // Behind: what the upstream sends now stays in the body's buffer, which fills, so the source is asked for no more.
    const readsWhileBehind = reads;
    expect(body.push(Buffer.from('data: 2\n\ndata: 3\n\n'))).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.wire).toBe('data: 1\n\n');
    expect(body.readableLength).toBeGreaterThan(0);
    expect(reads).toBe(readsWhileBehind);
    res.full = false;
    res.writableNeedDrain = false;
    res.emit('drain');
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.wire).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    body.push(Buffer.from('data: 4\n\n'));
    body.push(null);
    await piped;
    expect(res.wire).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n');
  });

  it('writes the pieces that arrived in one turn (one socket read upstream) with one write, in order', async () => {
    const { res, writer } = setup();
    writer.begin();
    const writes: string[] = [];
    const write = res.write.bind(res);
    res.write = (chunk: string | Buffer) => {
      writes.push(chunk.toString());
      return write(chunk);
    };
    const seen: string[] = [];
    const body = new Readable({ read() {} });
    const piped = writer.pipe(body, (chunk) => seen.push(chunk.toString()));
    // Three events as an upstream sends them, each its own HTTP chunk, parsed out of one socket read.
    body.push(Buffer.from('event: a\ndata: 1\n\n'));
    body.push(Buffer.from('event: a\ndata: 2\n\n'));
    body.push(Buffer.from('event: a\ndata: 3\n\n'));
    await new Promise((resolve) => setImmediate(resolve));
    body.push(Buffer.from('event: b\ndata: 4\n\n'));
    body.push(null);
    await piped;
    expect(writes).toEqual(['event: a\ndata: 1\n\nevent: a\ndata: 2\n\nevent: a\ndata: 3\n\n', 'event: b\ndata: 4\n\n']);
    expect(seen).toEqual(writes);
    expect(res.wire).toBe(writes.join(''));
  });

  it('stops at once when the client leaves: the upstream body is destroyed, the wheel and the drain forget the stream', async () => {
    const { res, writer, wheel, open, counted } = setup({ keepaliveMs: 1000 });
    writer.begin();
    const body = new Readable({ read() {} });
    const piped = writer.pipe(body);
    res.leave();
    await expect(piped).rejects.toThrow();
    expect(body.destroyed).toBe(true);
    expect(writer.closed).toBe(true);
    expect(wheel.size).toBe(0);
    expect(open.size).toBe(0);
    expect(counted.streams).toBe(0);
    expect(writer.writeBytes(Buffer.from('x'))).toBe(false);
  });
});
