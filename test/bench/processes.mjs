// Process plumbing shared by `npm run bench` and `npm run soak`: a fake upstream and the built gateway as child
// processes on loopback, killed when the script exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const children = [];
const tempDirs = [];
process.on('exit', () => {
  children.forEach((child) => child.kill('SIGKILL'));
  tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** Starts a script that prints `{"port":N}` on its first stdout line once it listens. */
export function startUpstream(script, env = {}) {
  return startScript(script, { env: { ...process.env, ...env } });
}

function startScript(script, { env, nodeArgs = [] }) {
  const child = spawn(process.execPath, [...nodeArgs, join(root, script)], { stdio: ['ignore', 'pipe', 'inherit'], env });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
    child.stdout.once('data', (line) => {
      // Whatever the script prints later is not read; keep the pipe flowing so it never blocks on a full buffer.
      child.stdout.resume();
      resolve({ child, port: JSON.parse(line.toString()).port });
    });
  });
}

/**
 * Starts dist/main.js with a config whose four endpoints point at the upstream and whose models are `model` and any
 * `extraModels` (all anthropic-type); resolves once /health/live answers. `entry` may name another build's main.js.
 */
export async function startGateway({ upstreamPort, model, extraModels = [], env = {}, nodeArgs = [], entry = 'dist/main.js' }) {
  const dir = mkdtempSync(join(tmpdir(), 'droid2api-run-'));
  tempDirs.push(dir);
  const base = `http://127.0.0.1:${upstreamPort}`;
  const bundled = JSON.parse(readFileSync(join(root, 'config/config.json'), 'utf8'));
  const port = await freePort();
  const config = {
    port,
    endpoint: [
      { name: 'anthropic', base_url: `${base}/a/v1/messages` },
      { name: 'openai', base_url: `${base}/o/v1/responses` },
      { name: 'common', base_url: `${base}/o/v1/chat/completions` },
      { name: 'google', base_url: `${base}/g/v1/generate` },
    ],
    models: [model, ...extraModels].map((id) => ({ name: id, id, type: 'anthropic', reasoning: 'auto', provider: 'anthropic' })),
    user_agent: bundled.user_agent,
    system_prompt: bundled.system_prompt,
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const child = spawn(process.execPath, [...nodeArgs, join(root, entry)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { PATH: process.env.PATH, CONFIG_PATH: join(dir, 'config.json'), DATA_DIR: dir, HOME: dir, NODE_ENV: 'production', ...env },
  });
  children.push(child);
  for (let i = 0; i < 150; i += 1) {
    try {
      const res = await request(`http://127.0.0.1:${port}/health/live`);
      await res.body.dump();
      if (res.statusCode === 200) return { child, port };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('gateway did not start');
}

/**
 * Starts the benchmark's bare NestJS forwarder (test/bench/forwarder, built to dist/bench-forwarder) in front of the
 * upstream's Anthropic endpoint, with the same system prompt and user agent the gateway gets; with `card`, carrying the
 * design card's stack as well (test/bench/forwarder/card-stack.ts).
 */
export function startForwarder({ upstreamPort, nodeArgs = [], card = false }) {
  const bundled = JSON.parse(readFileSync(join(root, 'config/config.json'), 'utf8'));
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    FORWARDER_UPSTREAM_URL: `http://127.0.0.1:${upstreamPort}/a/v1/messages`,
    FORWARDER_API_KEY: 'bench-key',
    FORWARDER_SYSTEM_PROMPT: bundled.system_prompt,
    FORWARDER_USER_AGENT: bundled.user_agent,
    FORWARDER_CARD: card ? '1' : '0',
  };
  return startScript('dist/bench-forwarder/main.js', { env, nodeArgs });
}

/** A process's resident set from /proc: `VmRSS` now, or `VmHWM` (the peak so far). */
export function rssMb(pid, field = 'VmRSS') {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc. */
export function cpuMs(pid) {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

// USER_HZ: 100 on every Linux architecture Node supports.
const CLOCK_TICKS = 100;

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
