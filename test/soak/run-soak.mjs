// npm run soak: keeps SOAK_CONCURRENCY (default 500) streams open through the built gateway for SOAK_DURATION_S
// (default 60) while the upstream resets, fails, drips and sends garbage and clients abort. Loopback only, bounded in
// time. Fails when the gateway's memory keeps growing, when sockets are left open, or when the gateway dies.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { Agent, request } from 'undici';
import { rssMb, startGateway, startUpstream } from '../bench/processes.mjs';

const DURATION_MS = Number(process.env.SOAK_DURATION_S ?? 60) * 1000;
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 500);
// fault → share of requests
const MIX = [
  ['ok', 0.6],
  ['cut', 0.1],
  ['5xx', 0.1],
  ['drip', 0.1],
  ['garbage', 0.05],
  ['abort', 0.05],
];

async function main() {
  const upstream = await startUpstream('test/soak/soak-upstream.mjs');
  const gateway = await startGateway({
    upstreamPort: upstream.port,
    model: 'claude-soak',
    env: { FACTORY_API_KEY: 'soak-key', LOG_LEVEL: 'warn', UPSTREAM_IDLE_TIMEOUT_MS: '5000' },
  });
  const url = `http://127.0.0.1:${gateway.port}/v1/messages`;
  const agent = new Agent({ connections: CONCURRENCY * 2, keepAliveTimeout: 2_000 });
  const outcomes = new Map();
  const count = (key) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

  const baselineSockets = openSockets(gateway.child.pid);
  const rss = [];
  const sampler = setInterval(() => rss.push({ t: Date.now(), mb: rssMb(gateway.child.pid) }), 1000);
  const started = Date.now();
  const deadline = started + DURATION_MS;

  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) count(await oneStream(url, agent, pickFault()));
    }),
  );
  clearInterval(sampler);
  await agent.close();
  // Let the gateway release upstream connections the faults left behind.
  await new Promise((resolve) => setTimeout(resolve, 3000));

  const alive = gateway.child.exitCode === null;
  const endSockets = openSockets(gateway.child.pid);
  const clientSockets = establishedOnPort(gateway.port);
  const peak = Math.max(...rss.map((sample) => sample.mb));
  const warm = average(rss.filter((s) => s.t - started >= 10_000 && s.t - started < 20_000));
  const last = average(rss.filter((s) => deadline - s.t < 10_000));
  const growth = last - warm;
  const done = [...outcomes.values()].reduce((a, b) => a + b, 0);

  const failures = [];
  if (!alive) failures.push('the gateway died');
  if (clientSockets > 0) failures.push(`${clientSockets} client connections still established after all clients left`);
  // Idle keep-alive connections to the upstream are pooled and allowed; anything beyond the pool is a leak.
  if (endSockets - baselineSockets > CONCURRENCY) failures.push(`socket count grew by ${endSockets - baselineSockets}`);
  if (growth > Math.max(40, warm * 0.5)) failures.push(`RSS grew by ${growth.toFixed(1)} MB from warm-up to the end`);
  if (!outcomes.get('ok')) failures.push('no stream completed');

  const lines = [
    `droid2api soak — ${CONCURRENCY} concurrent streams for ${DURATION_MS / 1000}s, faults: ${MIX.map(([f, s]) => `${f} ${s * 100}%`).join(', ')}`,
    `requests done: ${done} (${(done / (DURATION_MS / 1000)).toFixed(0)}/s)`,
    `outcomes: ${[...outcomes.entries()].sort().map(([k, v]) => `${k}=${v}`).join(' ')}`,
    `gateway RSS: peak ${peak.toFixed(1)} MB, warm ${warm.toFixed(1)} MB, last 10 s ${last.toFixed(1)} MB, growth ${growth.toFixed(1)} MB`,
    `gateway sockets: ${baselineSockets} at start, ${endSockets} at end (${clientSockets} client connections established)`,
    failures.length ? `FAIL: ${failures.join('; ')}` : 'PASS',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(failures.length ? 1 : 0);
}

function pickFault() {
  let roll = Math.random();
  for (const [fault, share] of MIX) {
    roll -= share;
    if (roll < 0) return fault;
  }
  return 'ok';
}

async function oneStream(url, agent, fault) {
  const abort = new AbortController();
  const upstreamFault = fault === 'abort' ? 'drip' : fault;
  if (fault === 'abort') setTimeout(() => abort.abort(), 50 + Math.random() * 200);
  const body = JSON.stringify({
    model: 'claude-soak',
    max_tokens: 64,
    stream: true,
    messages: [{ role: 'user', content: `soak:${upstreamFault}` }],
  });
  try {
    const res = await request(url, { method: 'POST', body, dispatcher: agent, signal: abort.signal, headers: { 'content-type': 'application/json' } });
    let tail = '';
    for await (const chunk of res.body) tail = (tail + chunk.toString('utf8')).slice(-200);
    if (res.statusCode >= 500) return `http_${res.statusCode}`;
    if (res.statusCode !== 200) return `http_${res.statusCode}`;
    if (tail.includes('event: message_stop')) return 'ok';
    if (tail.includes('event: error')) return `error_event(${fault})`;
    return `incomplete(${fault})`;
  } catch (error) {
    if (abort.signal.aborted) return 'client_abort';
    return `client_error(${error.code ?? error.name})`;
  }
}

function openSockets(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
      } catch {
        return false;
      }
    }).length;
  } catch {
    return NaN;
  }
}

/** Established TCP connections whose local port is the gateway's (IPv4 and IPv6 tables). */
function establishedOnPort(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 3 && cols[1].endsWith(`:${hex}`) && cols[3] === '01') count += 1;
    }
  }
  return count;
}

const average = (samples) => samples.reduce((sum, s) => sum + s.mb, 0) / Math.max(1, samples.length);

main().catch((error) => {
  process.stderr.write(`soak failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
