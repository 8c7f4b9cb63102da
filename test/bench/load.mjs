// The benchmark's load generators: autocannon for JSON, undici clients for streams. Each returns raw counts and
// samples so run-bench.mjs can merge interleaved rounds.
import autocannon from 'autocannon';
import { Agent, request } from 'undici';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const STREAM_CLIENTS = Number(process.env.BENCH_STREAM_CLIENTS ?? 100);
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer bench' };

/** CONNECTIONS keep-alive clients posting `body` back to back for `seconds`. */
export function loadScenario(url, body, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url, method: 'POST', body, headers: HEADERS, connections: CONNECTIONS, duration: seconds }, (error, result) => {
      if (error) return reject(error);
      resolve({
        requests: result.requests.total,
        seconds: result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx + result.timeouts,
      });
    });
  });
}

/**
 * STREAM_CLIENTS clients each reading one whole stream after another for `seconds` (a closed loop: a new stream starts
 * when the last ended). A stream counts as done when it answered 200 and ended with its format's last event.
 */
export async function streamScenario(url, body, seconds, chat = false) {
  const terminator = Buffer.from(chat ? 'data: [DONE]' : 'message_stop');
  const agent = new Agent({ connections: STREAM_CLIENTS * 2 });
  const ttfb = [];
  const total = [];
  let done = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: STREAM_CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const res = await request(url, { method: 'POST', body, dispatcher: agent, headers: HEADERS });
          let previous = null;
          let last = null;
          for await (const chunk of res.body) {
            if (last === null) ttfb.push(performance.now() - t0);
            previous = last;
            last = chunk;
          }
          const tail = Buffer.concat([previous ?? Buffer.alloc(0), last ?? Buffer.alloc(0)]);
          if (res.statusCode === 200 && tail.includes(terminator)) done += 1;
          else errors += 1;
        } catch {
          errors += 1;
        }
        total.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await agent.close();
  return { done, seconds: elapsed, ttfb, total, errors };
}

/**
 * Opens `count` slow streams (the upstream drips an event a second), waits until each delivered its first event,
 * reads the server's resident memory while all stand open, then leaves. Opened in batches so the listen backlog is
 * never the limit.
 */
export async function openStreams(url, body, count, readRssMb, timeoutMs = 60_000) {
  const agent = new Agent({ connections: count + 16, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const bodies = [];
  let opened = 0;
  const started = performance.now();
  const firsts = [];
  const ttfb = [];
  for (let i = 0; i < count; i += 100) {
    for (let j = i; j < Math.min(count, i + 100); j += 1) {
      const t0 = performance.now();
      firsts.push(
        request(url, { method: 'POST', body, dispatcher: agent, headers: HEADERS })
          .then(
            (res) =>
              new Promise((resolve) => {
                bodies.push(res.body);
                res.body.once('data', () => {
                  opened += 1;
                  ttfb.push(performance.now() - t0);
                  resolve();
                });
                res.body.on('error', () => resolve());
                res.body.resume();
              }),
          )
          .catch(() => undefined),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await Promise.race([Promise.all(firsts), new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  const openSeconds = (performance.now() - started) / 1000;
  // Let the allocations of opening settle, then take the median of a few readings.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const readings = [];
  for (let i = 0; i < 5; i += 1) {
    readings.push(readRssMb());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const stream of bodies) stream.destroy();
  await agent.destroy();
  return { opened, openSeconds, openTtfbP50: pct(ttfb, 50), openTtfbP99: pct(ttfb, 99), openRssMb: pct(readings, 50) };
}

/** Total time per request (headers to last byte), one request at a time: service time, no queueing. */
export async function sequential(url, body, count) {
  const agent = new Agent({ connections: 1 });
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const t0 = performance.now();
    const res = await request(url, { method: 'POST', body, dispatcher: agent, headers: HEADERS });
    await res.body.dump();
    times.push(performance.now() - t0);
  }
  await agent.close();
  return { p50: pct(times, 50), p99: pct(times, 99) };
}

export function pct(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
