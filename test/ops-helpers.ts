import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeUpstream } from './support/fake-upstream';
import { REPO_ROOT } from './support/start-app';

/** Shared by the ops-*.e2e specs: the bundled config pointed at the fake upstream, HTTP and Prometheus helpers. */

export const ANTHROPIC_MODEL = 'claude-sonnet-4-5-20250929';

export function configFileFor(fake: FakeUpstream): object {
  const bundled = JSON.parse(readFileSync(join(REPO_ROOT, 'config/config.json'), 'utf8')) as { endpoint: { base_url: string }[] };
  return {
    ...bundled,
    endpoint: bundled.endpoint.map((entry) => ({ ...entry, base_url: entry.base_url.replace(/^https:\/\/api\.factory\.ai\/api\/llm/, fake.url) })),
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined. */
  json: any;
}

export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, { signal: AbortSignal.timeout(20_000), ...init });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return call(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
}

export const messagesBody = (extra: object = {}) => ({ model: ANTHROPIC_MODEL, max_tokens: 32, messages: [{ role: 'user', content: 'hello' }], ...extra });

/**
 * The value of one sample in Prometheus text exposition, e.g. `metric(text, 'droid2api_requests_total', {key: 'ci'})`;
 * labels not given may have any value, and matching samples are summed. 0 when none matches.
 */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

export async function scrape(baseUrl: string, headers: Record<string, string> = {}): Promise<string> {
  const reply = await call(`${baseUrl}/metrics`, { headers });
  if (reply.status !== 200) throw new Error(`/metrics answered ${reply.status}: ${reply.text}`);
  return reply.text;
}

/** Polls until `probe` returns true. */
export async function until(probe: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
