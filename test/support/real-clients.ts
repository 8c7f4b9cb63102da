import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutsideGuard } from './outside-guard';
import { REPO_ROOT } from './start-app';

export type RealClientName = 'claude' | 'codex';

const PINS = JSON.parse(readFileSync(join(REPO_ROOT, 'scripts', 'real-clients.json'), 'utf8')) as Record<
  RealClientName,
  { package: string; version: string }
>;
export const INSTALL_COMMAND = 'npm run clients:install';

/** Where scripts/install-clients.mjs puts a client's executable. */
export function clientBin(name: RealClientName): string {
  return join(REPO_ROOT, '.cache', 'real-clients', `${name}-${PINS[name].version}`, 'node_modules', '.bin', name);
}

function installedVersion(name: RealClientName): boolean {
  const manifest = join(REPO_ROOT, '.cache', 'real-clients', `${name}-${PINS[name].version}`, 'node_modules', PINS[name].package, 'package.json');
  if (!existsSync(manifest) || !existsSync(clientBin(name))) return false;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version === PINS[name].version;
}

/**
 * `it` for a test that drives a real CLI. Installed: the test runs. Missing outside CI: a skipped test whose name says
 * how to install it (never a pass). Missing in CI (`CI=true`, where .ci/run installs them first): a failing test.
 */
export function itWithClient(name: RealClientName, title: string, run: () => Promise<void>, timeoutMs = 180_000): void {
  const label = `${PINS[name].package}@${PINS[name].version}`;
  if (installedVersion(name)) {
    it(title, run, timeoutMs);
  } else if (process.env.CI === 'true') {
    it(title, () => {
      throw new Error(`${label} is not installed; CI must run \`${INSTALL_COMMAND}\` before the tests`);
    });
  } else {
    it.skip(`${title} [skipped: ${label} not installed; run \`${INSTALL_COMMAND}\`]`, () => undefined);
  }
}

export interface ClientRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI to completion with exactly `env` (nothing of the developer's shell leaks in), killed after `timeoutMs`. */
export function runClient(bin: string, args: string[], env: Record<string, string>, cwd: string, timeoutMs = 150_000): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A temp HOME with a work directory inside, removed by `cleanup`. */
export function tempHome(prefix: string): { home: string; work: string; cleanup(): void } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const work = join(home, 'work');
  mkdirSync(work);
  return { home, work, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export interface ClaudeResult extends ClientRun {
  /** The `--output-format json` result object. */
  json: { result?: string; is_error?: boolean; num_turns?: number; subtype?: string; [key: string]: unknown };
}

/**
 * `claude -p <prompt> --output-format json --model <model>` against the gateway: temp HOME, telemetry, update checks
 * and other non-essential traffic off, every non-loopback connection sent to the guard. `allowedTools` are
 * pre-approved, so a tool loop runs without a permission prompt.
 */
export async function runClaude(options: {
  gatewayUrl: string;
  model: string;
  prompt: string;
  guard: OutsideGuard;
  allowedTools?: string[];
}): Promise<ClaudeResult & { work: string; cleanup(): void }> {
  const dirs = tempHome('claude-code-');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dirs.home,
    ANTHROPIC_BASE_URL: options.gatewayUrl,
    ANTHROPIC_API_KEY: 'sk-ant-claude-code-e2e',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    ...options.guard.env(),
  };
  const args = ['-p', options.prompt, '--output-format', 'json', '--model', options.model];
  if (options.allowedTools?.length) args.push('--allowedTools', options.allowedTools.join(','));
  const run = await runClient(clientBin('claude'), args, env, dirs.work);
  return { ...run, json: parseJson(run.stdout), work: dirs.work, cleanup: dirs.cleanup };
}

export interface CodexEvent {
  type: string;
  item?: { type: string; text?: string; command?: string; exit_code?: number | null; status?: string; message?: string };
  [key: string]: unknown;
}

/**
 * `codex exec --json <prompt>` with a temp CODEX_HOME whose config.toml points a `responses` provider at the gateway,
 * with plugins, analytics and update checks off and every non-loopback connection sent to the guard. Commands run
 * without a sandbox or approvals, inside a temp work directory.
 */
export async function runCodex(options: {
  gatewayUrl: string;
  model: string;
  prompt: string;
  guard: OutsideGuard;
}): Promise<ClientRun & { events: CodexEvent[]; work: string; cleanup(): void }> {
  const dirs = tempHome('codex-cli-');
  const codexHome = join(dirs.home, '.codex');
  mkdirSync(codexHome);
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      `model = ${JSON.stringify(options.model)}`,
      'model_provider = "droid2api"',
      'approval_policy = "never"',
      'sandbox_mode = "danger-full-access"',
      'check_for_update_on_startup = false',
      '',
      '[model_providers.droid2api]',
      'name = "droid2api"',
      `base_url = ${JSON.stringify(`${options.gatewayUrl}/v1`)}`,
      'env_key = "DROID2API_KEY"',
      'wire_api = "responses"',
      '',
      '[features]',
      'plugins = false',
      '',
      '[analytics]',
      'enabled = false',
      '',
    ].join('\n'),
  );
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dirs.home,
    CODEX_HOME: codexHome,
    DROID2API_KEY: 'sk-codex-e2e',
    RUST_LOG: 'error',
    ...options.guard.env(),
  };
  const run = await runClient(clientBin('codex'), ['exec', '--json', '--skip-git-repo-check', options.prompt], env, dirs.work);
  const events = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as CodexEvent);
  return { ...run, events, work: dirs.work, cleanup: dirs.cleanup };
}

function parseJson(text: string): ClaudeResult['json'] {
  try {
    return JSON.parse(text.trim()) as ClaudeResult['json'];
  } catch {
    return {};
  }
}

