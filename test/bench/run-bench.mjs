// npm run bench: the fake upstream, the built gateway and the load generator on this machine, in one run.
// Prints req/s, p50/p99 latency and the through-gateway/direct ratio for each scenario, and the gateway's peak RSS.
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { rssMb, startGateway, startUpstream } from './processes.mjs';

const DURATION = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const STREAM_CLIENTS = Number(process.env.BENCH_STREAM_CLIENTS ?? 100);
const STREAM_ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 5);

const messagesBody = JSON.stringify({
  model: 'claude-bench',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Say hello.' }],
});
const streamBody = JSON.stringify({ ...JSON.parse(messagesBody), stream: true });
const chatBody = JSON.stringify({ model: 'claude-bench', max_tokens: 256, messages: [{ role: 'user', content: 'Say hello.' }] });
const chatStreamBody = JSON.stringify({ ...JSON.parse(chatBody), stream: true });

async function main() {
  const upstream = await startUpstream('test/bench/bench-upstream.mjs');
  const gateway = await startGateway({ upstreamPort: upstream.port, model: 'claude-bench', env: { FACTORY_API_KEY: 'bench-key' } });
  const direct = `http://127.0.0.1:${upstream.port}/a/v1/messages`;
  const through = `http://127.0.0.1:${gateway.port}/v1/messages`;
  const chat = `http://127.0.0.1:${gateway.port}/v1/chat/completions`;

  // Warm both paths (JIT, connection pools) before measuring.
  await load(direct, messagesBody, 2);
  await load(through, messagesBody, 2);

  const results = {};
  results.directJson = await load(direct, messagesBody, DURATION);
  results.gatewayJson = await load(through, messagesBody, DURATION);
  results.directStream = await streams(direct, streamBody);
  results.gatewayStream = await streams(through, streamBody);
  const chatAvailable = (await probe(chat, chatBody)) === 200;
  if (chatAvailable) {
    await load(chat, chatBody, 2);
    results.chatJson = await load(chat, chatBody, DURATION);
    results.chatStream = await streams(chat, chatStreamBody, 'data: [DONE]');
    // Unloaded: one client, requests one after another, so latency is service time and not queueing.
    results.unloaded = {
      transparentJson: await sequential(through, messagesBody),
      chatJson: await sequential(chat, chatBody),
      transparentStream: await sequential(through, streamBody),
      chatStream: await sequential(chat, chatStreamBody),
    };
  }
  const peakRssMb = rssMb(gateway.child.pid, 'VmHWM');

  report(results, peakRssMb, chatAvailable);
  process.exit(0);
}

function report(r, peakRssMb, chatAvailable) {
  const row = (name, x, base) =>
    `${name.padEnd(44)} ${x.rps.toFixed(0).padStart(8)} req/s  p50 ${fmt(x.p50)}  p99 ${fmt(x.p99)}  errors ${x.errors}` +
    (base ? `  ratio ${(x.rps / base.rps).toFixed(2)}x` : '');
  const streamRow = (name, x, base) =>
    `${name.padEnd(44)} ${x.rate.toFixed(1).padStart(8)} streams/s  ttfb p50 ${fmt(x.ttfbP50)} p99 ${fmt(x.ttfbP99)}  total p50 ${fmt(x.totalP50)} p99 ${fmt(x.totalP99)}  errors ${x.errors}` +
    (base ? `  ratio ${(x.rate / base.rate).toFixed(2)}x` : '');
  const lines = [
    `droid2api benchmark — ${DURATION}s per JSON scenario, ${CONNECTIONS} connections; ${STREAM_ROUNDS}×${STREAM_CLIENTS} concurrent streams of ${process.env.BENCH_STREAM_EVENTS ?? 300} events`,
    row('(a) direct to fake upstream, JSON', r.directJson),
    row('(b) through POST /v1/messages, JSON', r.gatewayJson, r.directJson),
    streamRow('(c) direct, streaming', r.directStream),
    streamRow('(c) through POST /v1/messages, streaming', r.gatewayStream, r.directStream),
  ];
  if (chatAvailable) {
    lines.push(row('(d) POST /v1/chat/completions → anthropic, JSON', r.chatJson, r.directJson));
    lines.push(`    conversion adds p50 ${(r.chatJson.p50 - r.gatewayJson.p50).toFixed(2)} ms over the transparent path`);
    lines.push(streamRow('(e) POST /v1/chat/completions → anthropic, stream', r.chatStream, r.directStream));
    lines.push(`    conversion adds ttfb p50 ${(r.chatStream.ttfbP50 - r.gatewayStream.ttfbP50).toFixed(2)} ms, total p50 ${(r.chatStream.totalP50 - r.gatewayStream.totalP50).toFixed(2)} ms`);
    const u = r.unloaded;
    lines.push(`(f) unloaded, 1 client × ${SEQUENTIAL} sequential requests, p50 / p99:`);
    lines.push(`    JSON:   /v1/messages ${us(u.transparentJson)}   /v1/chat/completions ${us(u.chatJson)}   conversion adds p50 ${(u.chatJson.p50 - u.transparentJson.p50).toFixed(3)} ms`);
    lines.push(`    stream: /v1/messages ${us(u.transparentStream)}   /v1/chat/completions ${us(u.chatStream)}   conversion adds p50 ${(u.chatStream.p50 - u.transparentStream.p50).toFixed(3)} ms`);
  } else {
    lines.push('(d)/(e) /v1/chat/completions not available for the bench model; skipped');
  }
  lines.push(`gateway peak RSS: ${peakRssMb.toFixed(1)} MB`);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ ...r, peakRssMb })}\n`);
}

const fmt = (ms) => `${ms.toFixed(2)}ms`.padStart(9);
const us = (x) => `${x.p50.toFixed(3)} / ${x.p99.toFixed(3)} ms`;
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);

/** Total time per request (headers to last byte), one request at a time. */
async function sequential(url, body) {
  const agent = new Agent({ connections: 1 });
  const times = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) {
    const t0 = performance.now();
    const res = await request(url, { method: 'POST', body, dispatcher: agent, headers: { 'content-type': 'application/json', authorization: 'Bearer bench' } });
    await res.body.dump();
    times.push(performance.now() - t0);
  }
  await agent.close();
  return { p50: pct(times, 50), p99: pct(times, 99) };
}

function load(url, body, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer bench' }, connections: CONNECTIONS, duration },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.non2xx + result.timeouts,
        });
      },
    );
  });
}

async function streams(url, body, terminator = 'message_stop') {
  const agent = new Agent({ connections: STREAM_CLIENTS * 2 });
  const ttfb = [];
  const total = [];
  let errors = 0;
  const started = performance.now();
  for (let round = 0; round < STREAM_ROUNDS; round += 1) {
    await Promise.all(
      Array.from({ length: STREAM_CLIENTS }, async () => {
        const t0 = performance.now();
        try {
          const res = await request(url, { method: 'POST', body, dispatcher: agent, headers: { 'content-type': 'application/json', authorization: 'Bearer bench' } });
          let first = true;
          let tail = '';
          for await (const chunk of res.body) {
            if (first) {
              ttfb.push(performance.now() - t0);
              first = false;
            }
            tail = (tail + chunk.toString('utf8')).slice(-64);
          }
          if (res.statusCode !== 200 || !tail.includes(terminator)) errors += 1;
        } catch {
          errors += 1;
        }
        total.push(performance.now() - t0);
      }),
    );
  }
  const elapsed = (performance.now() - started) / 1000;
  await agent.close();
  return {
    rate: (STREAM_CLIENTS * STREAM_ROUNDS) / elapsed,
    ttfbP50: pct(ttfb, 50),
    ttfbP99: pct(ttfb, 99),
    totalP50: pct(total, 50),
    totalP99: pct(total, 99),
    errors,
  };
}

function pct(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function probe(url, body) {
  const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: 'Bearer bench' } });
  await res.body.dump();
  return res.statusCode;
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
