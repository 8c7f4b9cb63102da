// npm run bench:scale: 3 replicas on one Redis under sustained traffic while the upstream revokes the newest access
// token every SCALE_REVOKE_MS (401s bound to the current token force a rotation each time), with a replica killed
// (SIGKILL) and restarted and Redis restarted along the way. Reports requests, errors, refreshes, refresh tokens
// presented twice (must be 0) and the latency the Redis hop adds per request (rate limit in Redis vs in process).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { freePort, startGateway, startUpstream } from './processes.mjs';

const DURATION_S = Number(process.env.SCALE_DURATION_S ?? 30);
const CLIENTS = Number(process.env.SCALE_CLIENTS ?? 12);
const LATENCY_SAMPLES = Number(process.env.SCALE_LATENCY_SAMPLES ?? 2000);
const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
const body = JSON.stringify({ model: 'claude-bench', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const redis = await startRedis();
  const upstream = await startUpstream('test/bench/scale-upstream.mjs');
  const base = `http://127.0.0.1:${upstream.port}`;
  const common = { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' };
  const clusterEnv = {
    ...common,
    REDIS_URL: redis.url,
    DROID_REFRESH_KEY: 'rt-scale-seed',
    WORKOS_AUTH_URL: `${base}/user_management/authenticate`,
    WORKOS_TIMEOUT_MS: '2000',
    REDIS_LOCK_TTL_MS: '4000',
    TOKEN_REFRESH_AHEAD_MS: '600000',
    TOKEN_REFRESH_RETRY_BASE_MS: '200',
  };

  // 1. The Redis hop: the same fixed credential and rate limit, buckets in process vs in Redis, one client.
  const fileMode = await startGateway({ upstreamPort: upstream.port, model: 'claude-bench', env: { ...common, FACTORY_API_KEY: 'bench-key' } });
  const redisMode = await startGateway({
    upstreamPort: upstream.port,
    model: 'claude-bench',
    env: { ...common, FACTORY_API_KEY: 'bench-key', REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'latency:' },
  });
  const latency = await compareLatency(url(fileMode), url(redisMode));
  fileMode.child.kill('SIGTERM');
  redisMode.child.kill('SIGTERM');

  // 2. Three replicas, traffic, forced rotations, a replica killed, Redis restarted.
  // One after another: three cold starts at once can exceed startGateway's wait on a loaded 2-core machine.
  const replicas = [];
  for (let index = 0; index < 3; index += 1) replicas.push(await startGateway({ upstreamPort: upstream.port, model: 'claude-bench', env: clusterEnv }));
  const alive = new Set(replicas);
  const counts = { requests: 0, ok: 0, failedOnLive: 0, lostWithKilled: 0, statuses: {} };
  let running = true;
  const loops = Array.from({ length: CLIENTS }, (_, index) => client(index));
  async function client(index) {
    let turn = index;
    while (running) {
      const targets = [...alive];
      const target = targets[turn++ % targets.length];
      const status = await post(url(target)).catch(() => 0);
      counts.requests += 1;
      counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
      if (status === 200) counts.ok += 1;
      else if (alive.has(target)) counts.failedOnLive += 1;
      else counts.lostWithKilled += 1;
    }
  }
  const started = Date.now();
  const events = [];
  await sleep((DURATION_S * 1000) / 3);
  // Kill a replica that holds no refresh lock (the kill mid-refresh case is test/redis-cluster.e2e-spec.ts).
  await waitForNoLock(redis);
  const victim = replicas[2];
  alive.delete(victim);
  victim.child.kill('SIGKILL');
  events.push(`${((Date.now() - started) / 1000).toFixed(1)} s: replica 3 killed (SIGKILL)`);
  const restarted = await startGateway({ upstreamPort: upstream.port, model: 'claude-bench', env: clusterEnv });
  alive.add(restarted);
  events.push(`${((Date.now() - started) / 1000).toFixed(1)} s: replica 3 restarted`);
  await sleep(Math.max(0, (DURATION_S * 2000) / 3 - (Date.now() - started)));
  // With Redis down no replica may refresh, so a token revoked meanwhile would be answered 401 until it is back:
  // the upstream stops revoking for the restart.
  await request(`${base}/revocations/pause`).then((res) => res.body.dump());
  await waitForNoLock(redis);
  const down = Date.now();
  await redis.stop();
  await sleep(1000);
  await redis.start();
  events.push(`${((down - started) / 1000).toFixed(1)} s: Redis stopped (SIGTERM), back after ${((Date.now() - down) / 1000).toFixed(1)} s`);
  await sleep(1000);
  await request(`${base}/revocations/resume`).then((res) => res.body.dump());
  await sleep(Math.max(0, DURATION_S * 1000 - (Date.now() - started)));
  running = false;
  await Promise.all(loops);
  const upstreamStats = await (await request(`${base}/stats`)).body.json();

  const line = (label, value) => `${label.padEnd(46)} ${value}`;
  console.log(
    [
      `droid2api bench:scale — 3 replicas + Redis, ${CLIENTS} clients for ${DURATION_S} s, newest token revoked every ${process.env.SCALE_REVOKE_MS ?? 2000} ms`,
      ...events.map((event) => `  ${event}`),
      line('requests', `${counts.requests} (${(counts.requests / DURATION_S).toFixed(0)}/s), statuses ${JSON.stringify(counts.statuses)}`),
      line('failed on live replicas', counts.failedOnLive),
      line('lost with the killed replica (in flight)', counts.lostWithKilled),
      line('forced revocations / refreshes (WorkOS)', `${upstreamStats.revocations} / ${upstreamStats.refreshes}`),
      line('refresh tokens presented twice', upstreamStats.presentedTwice),
      line('upstream 401s (answered by refresh + retry)', upstreamStats.unauthorized),
      `Redis hop per request (1 client, ${LATENCY_SAMPLES} sequential requests each, interleaved):`,
      line('  file mode (rate limit in process)', `p50 ${latency.file.p50.toFixed(3)} ms  p99 ${latency.file.p99.toFixed(3)} ms`),
      line('  Redis mode (rate limit in Redis)', `p50 ${latency.redis.p50.toFixed(3)} ms  p99 ${latency.redis.p99.toFixed(3)} ms`),
      line('  added by the Redis hop', `p50 ${(latency.redis.p50 - latency.file.p50).toFixed(3)} ms  p99 ${(latency.redis.p99 - latency.file.p99).toFixed(3)} ms`),
    ].join('\n'),
  );
  await redis.close();
  process.exit(upstreamStats.presentedTwice === 0 && counts.failedOnLive === 0 ? 0 : 1);
}

const url = (gateway) => `http://127.0.0.1:${gateway.port}/v1/messages`;

async function post(target) {
  const res = await request(target, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body,
  });
  await res.body.dump();
  return res.statusCode;
}

async function compareLatency(fileUrl, redisUrl) {
  for (let i = 0; i < 200; i += 1) await Promise.all([post(fileUrl), post(redisUrl)]);
  const file = [];
  const redis = [];
  for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
    for (const [target, samples] of i % 2 ? [[fileUrl, file], [redisUrl, redis]] : [[redisUrl, redis], [fileUrl, file]]) {
      const t = process.hrtime.bigint();
      const status = await post(target);
      if (status !== 200) throw new Error(`latency probe answered ${status}`);
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return { file: percentiles(file), redis: percentiles(redis) };
}

function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

async function waitForNoLock(redis) {
  for (let i = 0; i < 200; i += 1) {
    const locks = await redis.command(['KEYS', 'droid2api:lock:*']);
    if (!locks.includes('droid2api:lock')) return;
    await sleep(10);
  }
}

/** redis-server on a free port with AOF in a temp dir; redis-cli for the lock check. */
async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'droid2api-scale-redis-'));
  let child;
  const start = () =>
    new Promise((resolve, reject) => {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.once('error', reject);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('Ready to accept connections')) resolve();
      });
    });
  await start();
  process.on('exit', () => child.kill('SIGKILL'));
  return {
    url: `redis://127.0.0.1:${port}/0`,
    start,
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
    command: (args) =>
      new Promise((resolve) => {
        const cli = spawn('redis-cli', ['-p', String(port), ...args]);
        let out = '';
        cli.stdout.on('data', (chunk) => (out += chunk));
        cli.on('close', () => resolve(out));
      }),
    close: async () => {
      child.kill('SIGTERM');
      await sleep(200);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
