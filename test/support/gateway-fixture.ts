import Anthropic from '@anthropic-ai/sdk';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import OpenAI from 'openai';
import { FakeUpstream } from './fake-upstream';
import { startApp, type StartedApp } from './start-app';

/** Secrets the gateway must never log; tests scan the captured log for them. */
export const FACTORY_KEY = 'fk-e2e-factory-secret-7f3a9c';
export const CLIENT_KEY = 'sk-ant-e2e-client-secret-91c2d4';
export const SYSTEM_PROMPT = 'You are Droid, an e2e test agent.\n\n';
export const USER_AGENT = 'factory-cli/9.8.7';

const LEVELS = ['auto', 'off', 'low', 'medium', 'high', 'xhigh'] as const;

/**
 * Every type at every reasoning level (`claude-low`, `gpt-xhigh`, `gemini-off` …) with a provider that differs from
 * the per-type default, plus a fast model per type and models without a provider (one written as JSON null).
 */
const MODELS = [
  ...LEVELS.map((level) => ({ name: `Claude ${level}`, id: `claude-${level}`, type: 'anthropic', reasoning: level, provider: 'anthropic-e2e' })),
  { name: 'Claude fast', id: 'claude-fast', type: 'anthropic', reasoning: 'auto', provider: 'anthropic-e2e', fast: true },
  { name: 'Claude no provider', id: 'claude-noprovider', type: 'anthropic', reasoning: 'auto', provider: null },
  ...LEVELS.map((level) => ({ name: `GPT ${level}`, id: `gpt-${level}`, type: 'openai', reasoning: level, provider: 'openai-e2e' })),
  { name: 'GPT fast', id: 'gpt-fast', type: 'openai', reasoning: 'auto', provider: 'openai-e2e', fast: true },
  { name: 'GPT no provider', id: 'gpt-noprovider', type: 'openai', reasoning: 'auto' },
  { name: 'GLM', id: 'glm-common', type: 'common', reasoning: 'auto', provider: 'fireworks' },
  ...LEVELS.map((level) => ({ name: `Gemini ${level}`, id: `gemini-${level}`, type: 'google', reasoning: level, provider: 'google-e2e' })),
  { name: 'Gemini no provider', id: 'gemini-noprovider', type: 'google', reasoning: 'auto' },
];

const REDIRECTS = { 'claude-redirect-*': 'claude-low', 'gpt-alias': 'gpt-high', 'gemini-alias': 'gemini-medium' };

type AnthropicOptions = NonNullable<ConstructorParameters<typeof Anthropic>[0]>;
type OpenAIOptions = NonNullable<ConstructorParameters<typeof OpenAI>[0]>;

export interface GatewayOptions {
  /** Environment for the app; FACTORY_API_KEY defaults to FACTORY_KEY unless `clientCredentials` is set. */
  env?: Record<string, string>;
  /** Fields merged over the generated config.json (proxies, dev_mode …). */
  configFile?: Record<string, unknown>;
  /** Base URL the config's endpoints point at, instead of the fake (e.g. a closed port). */
  upstreamBase?: string;
  /** Start without FACTORY_API_KEY: clients bring their own credential. */
  clientCredentials?: boolean;
}

export interface Gateway {
  fake: FakeUpstream;
  app: StartedApp;
  /** The official Anthropic SDK pointed at the gateway (no retries); `options` override the defaults. */
  anthropic(options?: AnthropicOptions): Anthropic;
  /** The official OpenAI SDK pointed at the gateway's `/v1` (no retries). */
  openai(options?: OpenAIOptions): OpenAI;
  close(): Promise<void>;
}

/** A fake upstream and the real app configured against it (every endpoint, the models above). */
export async function startGatewayWithFake(options: GatewayOptions = {}): Promise<Gateway> {
  const fake = await FakeUpstream.start();
  const base = options.upstreamBase ?? fake.url;
  try {
    const app = await startApp({
      env: { ...(options.clientCredentials ? {} : { FACTORY_API_KEY: FACTORY_KEY }), ...options.env },
      configFile: {
        model_redirects: REDIRECTS,
        endpoint: [
          { name: 'anthropic', base_url: `${base}/a/v1/messages` },
          { name: 'openai', base_url: `${base}/o/v1/responses` },
          { name: 'common', base_url: `${base}/o/v1/chat/completions` },
          { name: 'google', base_url: `${base}/g/v1/generate` },
        ],
        proxies: [],
        models: MODELS,
        dev_mode: false,
        user_agent: USER_AGENT,
        system_prompt: SYSTEM_PROMPT,
        ...options.configFile,
      },
    });
    return {
      fake,
      app,
      anthropic: (client = {}) =>
        new Anthropic({ baseURL: app.url, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 20_000, ...client }),
      openai: (client = {}) => new OpenAI({ baseURL: `${app.url}/v1`, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 20_000, ...client }),
      close: async () => {
        await app.close();
        await fake.close();
      },
    };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

/** A POST with exactly these headers (node:http, so hop-by-hop and credential headers can be sent too). */
export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
  text: string;
  json(): any;
}

export function rawPost(url: string, body: unknown, headers: OutgoingHttpHeaders = {}): Promise<RawReply> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`rawPost ${url} timed out`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, text, json: () => JSON.parse(text) });
      });
    });
    req.end(payload);
  });
}

/** Parses SSE text with a real parser; comments are returned apart. */
export function parseSse(text: string): { events: EventSourceMessage[]; comments: string[] } {
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event), onComment: (comment) => comments.push(comment) });
  parser.feed(text);
  return { events, comments };
}

/** Header names the upstream HTTP client adds itself (undici), on top of the gateway's table. */
export const TRANSPORT_HEADERS = ['host', 'connection', 'content-length'];

export const anthropicUser = (text: string) => ({ role: 'user' as const, content: text });
