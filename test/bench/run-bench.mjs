// npm run bench: the fake upstream, a bare NestJS forwarder (test/bench/forwarder), the same forwarder carrying the
// design card's stack (`card`: its interceptors, @nestjs/config, schedule and terminus) and the built gateway on this
// machine, driven in one run, printing one table of the gateway's figures as ratios to the forwarder, to the card
// forwarder and to direct, with the issue #12 targets checked, and whether the card's stack alone already misses them.
// Scenarios are run in interleaved rounds (direct, forwarder, card, gateway, … then again, rotating the order) so drift
// in the machine's load hits every target alike; the ratios are the result, the absolute numbers on a shared machine
// are noise.
import { loadScenario, openStreams, pct, sequential, streamScenario } from './load.mjs';
import { cpuMs, rssMb, startForwarder, startGateway, startUpstream } from './processes.mjs';
import { printReport } from './report.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const JSON_S = Number(process.env.BENCH_DURATION_S ?? 5);
const STREAM_S = Number(process.env.BENCH_STREAM_S ?? 5);
const OPEN_STREAMS = Number(process.env.BENCH_OPEN_STREAMS ?? 1000);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 1000);
// With BENCH_PROFILE_DIR set, the forwarder and the gateway run under `node --cpu-prof` and write their profiles there
// (one folder each) when the bench ends: open them in Chrome DevTools or speedscope.
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
// V8's memory reducer gives back what the heap grew to in start-up and warm-up some time after the work stops, in one
// step of a fifth to a quarter of RSS (the gateway's ~127 to ~93 MB, the forwarder's ~111 to ~85 MB), at a different
// moment in each process: 27-53 s after the warm-up on Node 20, 48-58 s after heavier load, ~100 s on Node 26. Read
// at a fixed moment, idle RSS was one or the other by chance (and memory per open stream with it), so idle memory is
// read once every server the bench started has given it back, or after BENCH_IDLE_SETTLE_S at most.
const IDLE_SETTLE_MS = Number(process.env.BENCH_IDLE_SETTLE_S ?? 180) * 1000;
/** How far RSS must fall below its reading at the start of the pause to count as given back. */
const GIVEN_BACK_FRACTION = 0.9;
/** A pause after the last server gave memory back: the reducer may run a GC or two more. */
const AFTER_GIVEN_BACK_MS = 5000;

const request = { model: 'claude-bench', max_tokens: 256, messages: [{ role: 'user', content: 'Say hello.' }] };
const bodies = {
  json: JSON.stringify(request),
  stream: JSON.stringify({ ...request, stream: true }),
  slow: JSON.stringify({ ...request, model: 'claude-bench-slow', stream: true }),
};

async function main() {
  const upstream = await startUpstream('test/bench/bench-upstream.mjs', { PORT: process.env.BENCH_UPSTREAM_PORT ?? '0' });
  const [forwarder, card, gateway] = await Promise.all([
    startForwarder({ upstreamPort: upstream.port, nodeArgs: profileArgs('forwarder') }),
    startForwarder({ upstreamPort: upstream.port, nodeArgs: profileArgs('card'), card: true }),
    startGateway({
      upstreamPort: upstream.port,
      model: 'claude-bench',
      extraModels: ['claude-bench-slow'],
      env: { FACTORY_API_KEY: 'bench-key' },
      nodeArgs: profileArgs('gateway'),
    }),
  ]);
  const targets = [
    { name: 'direct', url: `http://127.0.0.1:${upstream.port}/a/v1/messages`, pid: upstream.child.pid, chat: false },
    { name: 'forwarder', url: `http://127.0.0.1:${forwarder.port}/v1/messages`, pid: forwarder.child.pid },
    { name: 'card', url: `http://127.0.0.1:${card.port}/v1/messages`, pid: card.child.pid },
    { name: 'gateway', url: `http://127.0.0.1:${gateway.port}/v1/messages`, pid: gateway.child.pid },
    { name: 'chat', url: `http://127.0.0.1:${gateway.port}/v1/chat/completions`, pid: gateway.child.pid, chat: true },
    ...comparedGateways(),
  ];
  const servers = targets.filter((t) => t.name !== 'direct' && t.name !== 'chat');

  // A few requests on every path (code compiled, pools open), then a pause: V8's memory reducer shrinks the heap after
  // some seconds without work, and idle memory is read after it did.
  for (const target of targets) {
    await sequential(target.url, target.chat ? chatBody(bodies.json) : bodies.json, 100);
    await sequential(target.url, target.chat ? chatBody(bodies.stream) : bodies.stream, 20);
  }
  // Compared gateways (BENCH_COMPARE) are not waited for: they run across bench runs, so their idle is not comparable.
  const started = servers.filter((server) => ['forwarder', 'card', 'gateway'].includes(server.name));
  const givenBackAfterS = await settleIdle(started);
  const memory = {};
  for (const server of servers) memory[server.name] = { idleRssMb: rssMb(server.pid) };
  for (const server of started) memory[server.name].givenBackAfterS = givenBackAfterS[server.name] ?? null;

  // Memory per open stream, one server at a time while the others stand idle: RSS with OPEN_STREAMS slow streams open,
  // less the idle RSS, per stream.
  for (const server of servers) {
    const open = await openStreams(server.url, bodies.slow, OPEN_STREAMS, () => rssMb(server.pid));
    Object.assign(memory[server.name], open, { perStreamKb: ((open.openRssMb - memory[server.name].idleRssMb) * 1024) / OPEN_STREAMS });
  }

  // Under load from here on: warm the optimising compiler on every path before the measured rounds.
  for (const target of targets) {
    await loadScenario(target.url, target.chat ? chatBody(bodies.json) : bodies.json, 1);
    await streamScenario(target.url, target.chat ? chatBody(bodies.stream) : bodies.stream, 1, target.chat);
  }
  const peaks = new Map(servers.map((server) => [server.pid, 0]));
  const sampler = setInterval(() => {
    for (const pid of peaks.keys()) peaks.set(pid, Math.max(peaks.get(pid), rssMb(pid)));
  }, 50);

  const json = await rounds(targets, (target) => loadScenario(target.url, target.chat ? chatBody(bodies.json) : bodies.json, JSON_S));
  const stream = await rounds(targets, (target) =>
    streamScenario(target.url, target.chat ? chatBody(bodies.stream) : bodies.stream, STREAM_S, target.chat),
  );
  clearInterval(sampler);
  for (const server of servers) memory[server.name].peakRssMb = peaks.get(server.pid);

  const unloaded = {};
  for (const target of targets.filter((t) => t.name !== 'direct')) {
    unloaded[target.name] = {
      json: await sequential(target.url, target.chat ? chatBody(bodies.json) : bodies.json, SEQUENTIAL),
      stream: await sequential(target.url, target.chat ? chatBody(bodies.stream) : bodies.stream, SEQUENTIAL),
    };
  }

  printReport({
    settings: { ROUNDS, JSON_S, STREAM_S, OPEN_STREAMS, SEQUENTIAL, events: Number(process.env.BENCH_STREAM_EVENTS ?? 300) },
    names: targets.map((t) => t.name),
    json: merge(json, mergeJson),
    stream: merge(stream, mergeStreams),
    memory,
    unloaded,
  });
  if (PROFILE_DIR) {
    // SIGTERM: all three exit cleanly, which is when --cpu-prof writes.
    await Promise.all([forwarder, card, gateway].map(({ child }) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))));
  }
  process.exit(0);
}

/**
 * Waits until each of `servers` has given memory back (RSS GIVEN_BACK_FRACTION of its reading when the wait began, or
 * less), or IDLE_SETTLE_MS at most, and returns after how many seconds each did. Servers whose memory was given back
 * before the wait (no fall to see) hold it to the limit.
 */
async function settleIdle(servers) {
  const began = Date.now();
  const before = new Map(servers.map((server) => [server.name, rssMb(server.pid)]));
  const givenBackAfterS = {};
  while (Date.now() - began < IDLE_SETTLE_MS) {
    for (const server of servers) {
      if (givenBackAfterS[server.name] === undefined && rssMb(server.pid) <= GIVEN_BACK_FRACTION * before.get(server.name)) {
        givenBackAfterS[server.name] = (Date.now() - began) / 1000;
      }
    }
    if (servers.every((server) => givenBackAfterS[server.name] !== undefined)) {
      await sleep(AFTER_GIVEN_BACK_MS);
      break;
    }
    await sleep(1000);
  }
  return givenBackAfterS;
}

/**
 * Runs `scenario` ROUNDS times per target, interleaved, rotating which target goes first, and notes the CPU time the
 * target's process spent on each round (steadier than rates on a machine shared with other work).
 */
async function rounds(targets, scenario) {
  const results = new Map(targets.map((t) => [t.name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let i = 0; i < targets.length; i += 1) {
      const target = targets[(i + round) % targets.length];
      const cpuBefore = cpuMs(target.pid);
      const result = await scenario(target);
      results.get(target.name).push({ ...result, cpuMs: cpuMs(target.pid) - cpuBefore });
    }
  }
  return results;
}

function merge(results, how) {
  return Object.fromEntries([...results].map(([name, runs]) => [name, how(runs)]));
}

/** Requests per second over all rounds; latency percentiles as the median of the rounds'. */
function mergeJson(runs) {
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  return {
    rps: requests / seconds,
    cpuUsPerRequest: (runs.reduce((sum, r) => sum + r.cpuMs, 0) * 1000) / requests,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** Streams per second over all rounds; time percentiles over every stream of every round. */
function mergeStreams(runs) {
  const all = (key) => runs.flatMap((r) => r[key]);
  const done = runs.reduce((sum, r) => sum + r.done, 0);
  return {
    rate: done / runs.reduce((sum, r) => sum + r.seconds, 0),
    cpuMsPerStream: runs.reduce((sum, r) => sum + r.cpuMs, 0) / done,
    ttfbP50: pct(all('ttfb'), 50),
    ttfbP99: pct(all('ttfb'), 99),
    totalP50: pct(all('total'), 50),
    totalP99: pct(all('total'), 99),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * Other gateways to compare on the transparent route, already running against this bench's upstream (start it with
 * BENCH_UPSTREAM_PORT fixed): BENCH_COMPARE=name=http://127.0.0.1:PORT/v1/messages@PID,… — e.g. an older build of
 * this gateway. They serve the models `claude-bench` and `claude-bench-slow` (anthropic type).
 */
function comparedGateways() {
  const spec = process.env.BENCH_COMPARE;
  if (!spec) return [];
  return spec.split(',').map((entry) => {
    const match = /^([\w-]+)=(\S+)@(\d+)$/.exec(entry.trim());
    if (!match) throw new Error(`BENCH_COMPARE entry not name=url@pid: ${entry}`);
    return { name: match[1], url: match[2], pid: Number(match[3]), chat: false };
  });
}

function profileArgs(name) {
  return PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}/${name}`] : [];
}

function chatBody(anthropicBody) {
  const { model, max_tokens, messages, stream } = JSON.parse(anthropicBody);
  return JSON.stringify({ model, max_tokens, messages, ...(stream ? { stream } : {}) });
}

function median(values) {
  return pct(values, 50);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
