import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeUpstream } from './support/fake-upstream';
import { REPO_ROOT } from './support/start-app';

/** Shared by the auth e2e specs: the bundled config pointed at the fake, and small HTTP helpers that keep every reply. */

export const MODEL = 'claude-sonnet-4-5-20250929';
export const USER = { email: 'dev@example.com', id: 'user_auth_e2e', organizationId: 'org_auth_e2e' };

interface ConfigFile {
  endpoint: { name: string; base_url: string }[];
}

/** config/config.json with every endpoint moved from api.factory.ai to the fake. */
export function configFileFor(fake: FakeUpstream): object {
  const bundled = JSON.parse(readFileSync(join(REPO_ROOT, 'config/config.json'), 'utf8')) as ConfigFile;
  return {
    ...bundled,
    endpoint: bundled.endpoint.map((entry) => ({
      ...entry,
      base_url: entry.base_url.replace(/^https:\/\/api\.factory\.ai\/api\/llm/, fake.url),
    })),
  };
}

export function envFor(fake: FakeUpstream, extra: Record<string, string> = {}): Record<string, string> {
  return { WORKOS_AUTH_URL: `${fake.url}/user_management/authenticate`, WORKOS_TIMEOUT_MS: '5000', ...extra };
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Every reply the gateway gave in this file, to scan for tokens at the end. */
export const replies: Reply[] = [];

async function keep(response: Response): Promise<Reply> {
  const reply = { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
  replies.push(reply);
  return reply;
}

export async function postMessages(baseUrl: string, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(`${baseUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify({ model: MODEL, max_tokens: 32, messages: [{ role: 'user', content: 'hello' }] }),
    signal: AbortSignal.timeout(20_000),
  });
  return keep(response);
}

export interface HealthReply extends Reply {
  credentials: { status: 'up' | 'down'; [key: string]: unknown };
}

export async function getHealth(baseUrl: string): Promise<HealthReply> {
  const reply = await keep(await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) }));
  const body = JSON.parse(reply.text) as { info?: Record<string, any>; error?: Record<string, any> };
  return { ...reply, credentials: body.error?.credentials ?? body.info?.credentials };
}

/** Polls /health until it answers `status`. */
export async function waitForHealth(baseUrl: string, status: number, timeoutMs = 5_000): Promise<HealthReply> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await getHealth(baseUrl);
    if (health.status === status) return health;
    if (Date.now() > deadline) throw new Error(`/health still ${health.status} after ${timeoutMs} ms: ${health.text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Polls /health until a refresh has completed since start. A restart with a valid saved token is ready at once, before
 * its first refresh is done.
 */
export async function waitForRefresh(baseUrl: string, timeoutMs = 5_000): Promise<HealthReply> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await getHealth(baseUrl);
    const at = health.credentials?.lastRefreshAt;
    if (typeof at === 'string') return health;
    if (Date.now() > deadline) throw new Error(`no refresh within ${timeoutMs} ms: ${health.text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The bearer token the fake received on its n-th (default: last) request under `pathPrefix`. */
export function bearerSeen(fake: FakeUpstream, pathPrefix = '/a/v1/messages', index = -1): string | undefined {
  const authorization = fake.requestsTo(pathPrefix).at(index)?.headers.authorization;
  return authorization?.replace(/^Bearer /, '');
}
