// Process plumbing shared by `npm run bench` and `npm run soak`: a fake upstream and the built gateway as child
// processes on loopback, killed when the script exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const children = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/** Starts a script that prints `{"port":N}` on its first stdout line once it listens. */
export function startUpstream(script) {
  const child = spawn(process.execPath, [join(root, script)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
    child.stdout.once('data', (line) => resolve({ child, port: JSON.parse(line.toString()).port }));
  });
}

/**
 * Starts dist/main.js with a config whose four endpoints point at the upstream and whose only model is `model`;
 * resolves once /health/live answers.
 */
export async function startGateway({ upstreamPort, model, env = {} }) {
  const dir = mkdtempSync(join(tmpdir(), 'droid2api-run-'));
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
    models: [{ name: model, id: model, type: 'anthropic', reasoning: 'auto', provider: 'anthropic' }],
    user_agent: bundled.user_agent,
    system_prompt: bundled.system_prompt,
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const child = spawn(process.execPath, [join(root, 'dist/main.js')], {
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

/** A process's resident set from /proc: `VmRSS` now, or `VmHWM` (the peak so far). */
export function rssMb(pid, field = 'VmRSS') {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
