import { createParser, type EventSourceMessage } from 'eventsource-parser';
import OpenAI, { APIError } from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { FakeUpstream } from './fake-upstream';
import { startApp, type StartedApp } from './start-app';

export const CHAT_FACTORY_KEY = 'fk-chat-e2e-factory-key';
export const CHAT_SYSTEM_PROMPT = 'You are Droid, the chat e2e agent.\n\n';

/** One model per upstream type, plus an Anthropic model pinned to a fixed reasoning level. */
export const CHAT_MODELS = {
  claude: 'claude-chat-auto',
  claudeHigh: 'claude-chat-high',
  gpt: 'gpt-chat-auto',
  glm: 'glm-chat',
  gemini: 'gemini-chat-auto',
  /** A Gemini 3 id: the fake then demands thought signatures on replayed function calls, as the real API does. */
  gemini3: 'gemini-3-chat',
} as const;

/** Upstream paths of the fake, per type. */
export const UPSTREAM = {
  anthropic: '/a/v1/messages',
  openai: '/o/v1/responses',
  common: '/o/v1/chat/completions',
  google: '/g/v1/generate',
} as const;

export interface ChatGateway {
  fake: FakeUpstream;
  app: StartedApp;
  /** The official SDK pointed at the gateway, without retries so every upstream answer is seen once. */
  client: OpenAI;
  /** POSTs to /v1/chat/completions with fetch, for assertions on raw status, headers and SSE framing. */
  post(body: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** The real app (FACTORY_API_KEY, the models above) in front of a fresh fake upstream. */
export async function startChatGateway(): Promise<ChatGateway> {
  const fake = await FakeUpstream.start();
  try {
    const app = await startApp({
      env: { FACTORY_API_KEY: CHAT_FACTORY_KEY, LOG_LEVEL: 'warn' },
      configFile: {
        endpoint: [
          { name: 'anthropic', base_url: `${fake.url}${UPSTREAM.anthropic}` },
          { name: 'openai', base_url: `${fake.url}${UPSTREAM.openai}` },
          { name: 'common', base_url: `${fake.url}${UPSTREAM.common}` },
          { name: 'google', base_url: `${fake.url}${UPSTREAM.google}` },
        ],
        proxies: [],
        models: [
          { name: 'Claude auto', id: CHAT_MODELS.claude, type: 'anthropic', reasoning: 'auto', provider: 'anthropic' },
          { name: 'Claude high', id: CHAT_MODELS.claudeHigh, type: 'anthropic', reasoning: 'high', provider: 'anthropic' },
          { name: 'GPT auto', id: CHAT_MODELS.gpt, type: 'openai', reasoning: 'auto', provider: 'openai' },
          { name: 'GLM', id: CHAT_MODELS.glm, type: 'common', reasoning: 'auto', provider: 'fireworks' },
          { name: 'Gemini auto', id: CHAT_MODELS.gemini, type: 'google', reasoning: 'auto', provider: 'google' },
          { name: 'Gemini 3', id: CHAT_MODELS.gemini3, type: 'google', reasoning: 'auto', provider: 'google' },
        ],
        dev_mode: false,
        user_agent: 'factory-cli/1.2.3',
        system_prompt: CHAT_SYSTEM_PROMPT,
      },
    });
    return {
      fake,
      app,
      client: new OpenAI({ baseURL: `${app.url}/v1`, apiKey: 'sk-chat-client', maxRetries: 0, timeout: 10_000 }),
      post: (body) =>
        fetch(`${app.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-chat-client' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
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

/** Parses SSE text with a real parser. */
export function parseSseText(text: string): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  createParser({ onEvent: (event) => events.push(event) }).feed(text);
  return events;
}

/** The SSE events of a fetch response, with the `data` of each as JSON where it is JSON. */
export async function readSse(response: Response): Promise<{ text: string; data: string[]; json: any[] }> {
  const text = await response.text();
  const data = parseSseText(text).map((event) => event.data);
  const json = data.filter((line) => line !== '[DONE]').map((line) => JSON.parse(line));
  return { text, data, json };
}

export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

export interface AssembledToolCall {
  id: string;
  name: string;
  arguments: string;
  /** How many chunks carried this call (the opening one included). */
  fragments: number;
}

export interface AssembledStream {
  content: string;
  reasoning: string;
  toolCalls: AssembledToolCall[];
  finishReasons: (string | null)[];
  /** Chunks carrying a non-empty delta of any kind. */
  deltaChunks: number;
  usage: ChatCompletionChunk['usage'] | undefined;
}

/**
 * Folds chunks the way a careful client does, but strictly: the role comes in the first chunk, a tool call's id and
 * name come once (in the chunk that opens its index), and indexes appear in order from 0.
 */
export function assembleChunks(chunks: ChatCompletionChunk[]): AssembledStream {
  const result: AssembledStream = { content: '', reasoning: '', toolCalls: [], finishReasons: [], deltaChunks: 0, usage: undefined };
  chunks.forEach((chunk, position) => {
    if (chunk.usage) result.usage = chunk.usage;
    for (const choice of chunk.choices) {
      const delta = choice.delta as ChatCompletionChunk.Choice.Delta & { reasoning_content?: string };
      if (delta.role !== undefined && position !== 0) throw new Error(`role repeated in chunk ${position}`);
      if (delta.content) result.content += delta.content;
      if (delta.reasoning_content) result.reasoning += delta.reasoning_content;
      for (const call of delta.tool_calls ?? []) {
        const known = result.toolCalls[call.index];
        if (!known) {
          if (call.index !== result.toolCalls.length) throw new Error(`tool call index ${call.index} skips ahead`);
          if (!call.id || !call.function?.name) throw new Error(`tool call ${call.index} opened without id and name`);
          result.toolCalls.push({ id: call.id, name: call.function.name, arguments: call.function.arguments ?? '', fragments: 1 });
          continue;
        }
        if (call.id || call.function?.name) throw new Error(`tool call ${call.index} repeats its id or name`);
        known.arguments += call.function?.arguments ?? '';
        known.fragments += 1;
      }
      if (delta.content || delta.reasoning_content || delta.tool_calls?.length) result.deltaChunks += 1;
      result.finishReasons.push(choice.finish_reason);
    }
  });
  return result;
}

/** The one finish reason of a stream: exactly one choice chunk carries it, and it is the last choice chunk. */
export function finishReasonOf(stream: AssembledStream): string | null {
  const reasons = stream.finishReasons.filter((reason) => reason !== null);
  if (reasons.length !== 1) throw new Error(`expected one finish_reason, got ${JSON.stringify(stream.finishReasons)}`);
  if (stream.finishReasons.at(-1) === null) throw new Error('finish_reason is not on the last choice chunk');
  return reasons[0];
}

export const WEATHER_TOOL: ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] },
  },
};

export const TIME_TOOL: ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Local time in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

/** A 1x1 transparent PNG. */
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
export const PNG_DATA_URL = `data:image/png;base64,${PNG_BASE64}`;
export const IMAGE_HTTP_URL = 'https://images.example.com/cat.png';

/** A user message with text, an inline (data URL) image and a web image. */
export function imageMessage(): ChatCompletionMessageParam {
  return {
    role: 'user',
    content: [
      { type: 'text', text: 'What is in these pictures?' },
      { type: 'image_url', image_url: { url: PNG_DATA_URL } },
      { type: 'image_url', image_url: { url: IMAGE_HTTP_URL } },
    ],
  };
}

/** System and developer messages as a client sends them, for the prompt-ordering checks. */
export const CLIENT_SYSTEM = 'Answer briefly.';
export const CLIENT_DEVELOPER = 'Use metric units.';

export function withClientInstructions(user: string): ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: CLIENT_SYSTEM },
    { role: 'developer', content: CLIENT_DEVELOPER },
    { role: 'user', content: user },
  ];
}

/** The SDK error a call rejects with; fails the test when it resolves or rejects with something else. */
export async function apiErrorOf(call: Promise<unknown>): Promise<APIError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected an APIError, got ${JSON.stringify(outcome.value)}`);
  if (!(outcome.error instanceof APIError)) throw outcome.error;
  return outcome.error;
}

/**
 * The hooks every chat spec shares: one gateway per file, and after each test a check that every scripted upstream
 * answer was used (one left over means its request never reached the upstream), reset first so it cannot leak.
 */
export function useChatGateway(): () => ChatGateway {
  let gateway: ChatGateway | undefined;
  beforeAll(async () => {
    gateway = await startChatGateway();
  });
  afterEach(() => {
    const unused = gateway!.fake.pendingScripts();
    gateway!.fake.reset();
    expect(unused).toEqual([]);
  });
  afterAll(() => gateway?.close());
  return () => gateway!;
}

/** A raw stream is data-only SSE: role first, the content, one finish chunk, no usage unless asked, one [DONE] last. */
export async function expectRawChatStream(gateway: ChatGateway, model: string, expectedContent: string): Promise<void> {
  const response = await gateway.post({ model, messages: [{ role: 'user', content: 'raw' }], stream: true });

  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const { text, data, json } = await readSse(response);
  expect(text).not.toMatch(/^(event|id):/m);
  expect(data.at(-1)).toBe('[DONE]');
  expect(data.filter((line) => line === '[DONE]')).toHaveLength(1);
  expect(json[0].choices[0].delta.role).toBe('assistant');
  expect(json.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(expectedContent);
  expect(json.every((chunk) => !('usage' in chunk))).toBe(true);
  expect(json.at(-1).choices[0].finish_reason).toBe('stop');
}
