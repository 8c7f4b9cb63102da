import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Behaviour } from './support/fake-behaviour';
import {
  apiErrorOf,
  assembleChunks,
  CHAT_MODELS,
  readSse,
  useChatGateway,
  UPSTREAM,
} from './support/chat-fixture';
import type { FixtureName } from './support/fixture-replay';

type UpstreamType = keyof typeof UPSTREAM;

const MODEL_OF: Record<UpstreamType, string> = {
  anthropic: CHAT_MODELS.claude,
  openai: CHAT_MODELS.gpt,
  common: CHAT_MODELS.glm,
  google: CHAT_MODELS.gemini,
};
const TYPES = Object.keys(UPSTREAM) as UpstreamType[];

/** An error body in the upstream's own format, with a message only that upstream would say. */
function upstreamErrorBody(type: UpstreamType, status: number, message: string): unknown {
  switch (type) {
    case 'anthropic':
      return { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message } };
    case 'openai':
    case 'common':
      return { error: { message, type: 'server_error', param: null, code: null } };
    case 'google':
      return { error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL' } };
    default: {
      const unknownType: never = type;
      throw new Error(`unknown type ${String(unknownType)}`);
    }
  }
}

/** A text answer per type, streamed one character an event, shaped so the stream breaks or stalls mid-way. */
function slowText(type: UpstreamType, shaping: { cutAfterEvents?: number; silenceMs?: number; silenceAtEvent?: number }): Behaviour {
  const text = 'one two three four five six seven eight nine ten';
  switch (type) {
    case 'anthropic':
      return { anthropicResponse: { content: [{ type: 'text', text }], deltaSize: 1 }, ...shaping };
    case 'openai':
      return { responsesResponse: { output: [{ type: 'message', text }], deltaSize: 1 }, ...shaping };
    case 'common':
      return { chatResponse: { content: text, deltaSize: 1 }, ...shaping };
    case 'google':
      return { googleResponse: { parts: [{ text }], deltaSize: 1 }, ...shaping };
    default: {
      const unknownType: never = type;
      throw new Error(`unknown type ${String(unknownType)}`);
    }
  }
}

/** Upstream failures, untranslatable requests and the stream flag on /v1/chat/completions, via the openai SDK. */
describe('chat completions errors', () => {
  const gw = useChatGateway();

  describe('upstream error answers', () => {
    const cases = TYPES.flatMap((type) =>
      [
        { status: 400, type: 'invalid_request_error', sdkError: OpenAI.BadRequestError },
        { status: 429, type: 'rate_limit_error', sdkError: OpenAI.RateLimitError },
        { status: 500, type: 'server_error', sdkError: OpenAI.InternalServerError },
      ].map((expected) => ({ upstream: type, ...expected })),
    );

    it.each(cases)('$upstream $status -> OpenAI error format with its status and message', async ({ upstream, status, type, sdkError }) => {
      const message = `${upstream} says no (${status})`;
      const behaviour: Behaviour = {
        status,
        body: upstreamErrorBody(upstream, status, message),
        headers: status === 429 ? { 'retry-after': '7' } : {},
      };
      const model = MODEL_OF[upstream];
      gw().fake.script(UPSTREAM[upstream], behaviour);
      const response = await gw().post({ model, messages: [{ role: 'user', content: 'hi' }] });

      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('retry-after')).toBe(status === 429 ? '7' : null);
      expect(await response.json()).toEqual({ error: { message, type, code: 'upstream_error', param: null } });

      gw().fake.script(UPSTREAM[upstream], behaviour);
      const error = await apiErrorOf(
        gw().client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      );
      expect(error).toBeInstanceOf(sdkError);
      expect(error.status).toBe(status);
      expect(error.message).toBe(`${status} ${message}`);
      if (status === 429) expect(error.headers?.get('retry-after')).toBe('7');
    });
  });

  describe('failures mid-stream', () => {
    it('ends the stream on an Anthropic error event with an error chunk and no [DONE]', async () => {
      gw().fake.script(UPSTREAM.anthropic, { sseFixture: 'anthropic-error' });
      const response = await gw().post({ model: CHAT_MODELS.claude, stream: true, messages: [{ role: 'user', content: 'explain' }] });

      expect(response.status).toBe(200);
      const { data, json } = await readSse(response);
      expect(data).not.toContain('[DONE]');
      expect(json.at(-1)).toEqual({ error: { message: 'Overloaded', type: 'overloaded_error', code: null, param: null } });
      const chunks = json.slice(0, -1) as ChatCompletionChunk[];
      expect(assembleChunks(chunks).content).toBe('Let me start by explaining');
      expect(chunks.every((chunk) => chunk.choices[0].finish_reason === null)).toBe(true);
    });

    it('makes the SDK iteration throw after the content that did arrive', async () => {
      gw().fake.script(UPSTREAM.anthropic, { sseFixture: 'anthropic-error', splitEvery: 3 });
      const stream = await gw().client.chat.completions.create({
        model: CHAT_MODELS.claude,
        stream: true,
        messages: [{ role: 'user', content: 'explain' }],
      });
      const chunks: ChatCompletionChunk[] = [];
      const error = await apiErrorOf(
        (async () => {
          for await (const chunk of stream) chunks.push(chunk);
        })(),
      );

      expect(error.message).toContain('Overloaded');
      expect(assembleChunks(chunks).content).toBe('Let me start by explaining');
    });

    it('answers a non-stream request whose upstream stream fails with a 502 carrying the upstream message', async () => {
      gw().fake.script(UPSTREAM.anthropic, { sseFixture: 'anthropic-error' });
      const error = await apiErrorOf(
        gw().client.chat.completions.create({ model: CHAT_MODELS.claude, messages: [{ role: 'user', content: 'explain' }] }),
      );

      expect(error.status).toBe(502);
      expect(error.message).toContain('Overloaded');
    });

    it('answers a stream request whose upstream answered JSON instead with a 502, and stays up', async () => {
      gw().fake.script(UPSTREAM.anthropic, {
        status: 200,
        body: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } },
      });
      const response = await gw().post({ model: CHAT_MODELS.claude, stream: true, messages: [{ role: 'user', content: 'hi' }] });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('did not stream');

      gw().fake.script(UPSTREAM.anthropic, { anthropicResponse: { content: [{ type: 'text', text: 'still here' }] } });
      const completion = await gw().client.chat.completions.create({ model: CHAT_MODELS.claude, messages: [{ role: 'user', content: 'hi' }] });
      expect(completion.choices[0].message.content).toBe('still here');
    });

    it.each(TYPES)('ends a %s stream the upstream cut with an error chunk, no [DONE], and an SDK error', async (type) => {
      const model = MODEL_OF[type];
      gw().fake.script(UPSTREAM[type], slowText(type, { cutAfterEvents: 6 }));
      const response = await gw().post({ model, stream: true, messages: [{ role: 'user', content: 'count' }] });

      expect(response.status).toBe(200);
      const { data, json } = await readSse(response);
      expect(data).not.toContain('[DONE]');
      const last = json.at(-1);
      expect(last).toEqual({ error: { message: expect.stringMatching(/^Upstream stream/), type: 'upstream_error', code: expect.any(String), param: null } });
      expect(json.slice(0, -1).every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
      expect(json.slice(0, -1).every((chunk) => chunk.choices.every((choice: any) => choice.finish_reason === null))).toBe(true);

      gw().fake.script(UPSTREAM[type], slowText(type, { cutAfterEvents: 6 }));
      const stream = await gw().client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'count' }] });
      const error = await apiErrorOf(collectAll(stream));
      expect(error.message).toMatch(/Upstream stream/);
    });
  });

  describe('requests the gateway refuses', () => {
    it('refuses an audio part for Anthropic with a 400 naming the part, without calling the upstream', async () => {
      const error = await apiErrorOf(
        gw().client.chat.completions.create({
          model: CHAT_MODELS.claude,
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'transcribe' },
                { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
              ],
            },
          ],
        }),
      );

      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.message).toContain('messages[0].content[1]');
      expect(error.message).toMatch(/audio/);
      expect(error.param).toBe('messages[0].content[1]');
      expect(gw().fake.requests).toHaveLength(0);
    });

    it.each([CHAT_MODELS.claude, CHAT_MODELS.gemini])('refuses tool-call arguments that are not JSON (%s) with a 400 naming the message', async (model) => {
      const error = await apiErrorOf(
        gw().client.chat.completions.create({
          model,
          messages: [
            { role: 'user', content: 'q' },
            { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_time', arguments: '{"city": Par' } }] },
            { role: 'tool', tool_call_id: 'call_1', content: 'x' },
          ],
        }),
      );

      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.param).toBe('messages[1].tool_calls[0].function.arguments');
      expect(error.message).toContain('messages[1]');
      expect(gw().fake.requests).toHaveLength(0);
    });

    it.each([
      ['missing', { model: CHAT_MODELS.claude }],
      ['empty', { model: CHAT_MODELS.claude, messages: [] }],
      ['not an array', { model: CHAT_MODELS.gpt, messages: 'hello' }],
    ])('refuses %s messages with a 400', async (_case, body) => {
      const response = await gw().post(body);

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: { message: expect.stringContaining('messages'), type: 'invalid_request_error', code: 'invalid_request', param: 'messages' },
      });
      expect(gw().fake.requests).toHaveLength(0);
    });

    // Fields the gateway reads were dropped silently when of the wrong type; OpenAI itself answers 400 invalid_type.
    it.each([
      ['max_tokens', 'x', 'an integer', 'a string', CHAT_MODELS.claude],
      ['max_completion_tokens', 1.5, 'an integer', 'a number', CHAT_MODELS.gemini],
      ['tools', 5, 'an array', 'a number', CHAT_MODELS.gpt],
      ['temperature', 'hot', 'a number', 'a string', CHAT_MODELS.glm],
      ['top_p', [1], 'a number', 'an array', CHAT_MODELS.claude],
      ['stop', 7, 'a string or an array of strings', 'a number', CHAT_MODELS.gemini],
      ['tool_choice', 3, 'a string or an object', 'a number', CHAT_MODELS.claude],
      ['parallel_tool_calls', 'yes', 'a boolean', 'a string', CHAT_MODELS.gpt],
      ['reasoning_effort', 2, 'a string', 'a number', CHAT_MODELS.glm],
      ['response_format', 'json', 'an object', 'a string', CHAT_MODELS.gpt],
      ['stream_options', true, 'an object', 'a boolean', CHAT_MODELS.claude],
      ['n', '2', 'an integer', 'a string', CHAT_MODELS.gemini],
    ])('refuses %s: %j with a 400 naming the field (%s expected)', async (field, value, expected, got, model) => {
      const response = await gw().post({ model, messages: [{ role: 'user', content: 'hi' }], [field]: value });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          message: `Invalid type for '${field}': expected ${expected}, but got ${got} instead.`,
          type: 'invalid_request_error',
          code: 'invalid_type',
          param: field,
        },
      });
      expect(gw().fake.requests).toHaveLength(0);
    });

    it('refuses a wrong-typed nested field the gateway reads, naming its path', async () => {
      const response = await gw().post({
        model: CHAT_MODELS.claude,
        stream: true,
        stream_options: { include_usage: 'yes' },
        messages: [{ role: 'user', content: 'hi' }],
      });

      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: unknown }).error).toMatchObject({ code: 'invalid_type', param: 'stream_options.include_usage' });
      expect(gw().fake.requests).toHaveLength(0);
    });

    it('still accepts null for the optional fields, as OpenAI does', async () => {
      const completion = await gw().client.chat.completions.create({
        model: CHAT_MODELS.claude,
        messages: [{ role: 'user', content: 'nulls' }],
        max_tokens: null,
        temperature: null,
        top_p: null,
        stop: null,
        n: null,
        response_format: undefined,
        parallel_tool_calls: undefined,
      });

      expect(completion.choices[0].message.content).toBe('Echo: nulls');
    });

    it('answers an unknown model with a 404 the SDK raises as NotFoundError', async () => {
      const error = await apiErrorOf(gw().client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }));

      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error.code).toBe('model_not_found');
      expect(error.message).toContain("'no-such-model'");
      expect(gw().fake.requests).toHaveLength(0);
    });
  });

  describe('the stream flag', () => {
    it.each(TYPES.flatMap((type) => [{ type, stream: false as boolean | undefined }, { type, stream: undefined }]))(
      '$type with stream $stream: one JSON chat.completion, the upstream asked not to stream',
      async ({ type, stream }) => {
        const response = await gw().post({ model: MODEL_OF[type], stream, messages: [{ role: 'user', content: 'json please' }] });

        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        const completion = await response.json();
        expect(completion).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: 'Echo: json please' }, finish_reason: 'stop' }] });
        expect(gw().fake.lastRequest(UPSTREAM[type])!.body.stream).not.toBe(true);
      },
    );

    const forced: { type: UpstreamType; fixture: FixtureName; content: string; tool?: string; finish: string; usage: object }[] = [
      { type: 'anthropic', fixture: 'anthropic-text', content: "Hello! Here's a café ☕ and a rocket 🚀 for you.", finish: 'stop', usage: { prompt_tokens: 37, completion_tokens: 15 } },
      { type: 'anthropic', fixture: 'anthropic-tool-use', content: "Okay, let's check the weather for San Francisco, CA:", tool: 'get_weather', finish: 'tool_calls', usage: { prompt_tokens: 472 } },
      { type: 'openai', fixture: 'responses-reasoning-summary', content: '9.9 is larger than 9.11.', finish: 'stop', usage: { completion_tokens: 212 } },
      { type: 'common', fixture: 'chat-tool-call', content: '', tool: 'get_current_weather', finish: 'tool_calls', usage: { total_tokens: 99 } },
      { type: 'google', fixture: 'google-text', content: 'Hello! Café ☕ and 🚀, here to help.', finish: 'stop', usage: { total_tokens: 35 } },
    ];

    it.each(forced)('accumulates $fixture into one chat.completion when the upstream streams anyway', async ({ type, fixture, content, tool, finish, usage }) => {
      gw().fake.script(UPSTREAM[type], { sseFixture: fixture, splitEvery: 11 });
      const completion = await gw().client.chat.completions.create({ model: MODEL_OF[type], messages: [{ role: 'user', content: 'x' }] });

      expect(completion.object).toBe('chat.completion');
      expect(completion.model).toBe(MODEL_OF[type]);
      expect(completion.choices).toHaveLength(1);
      const { message, finish_reason } = completion.choices[0];
      expect(message.content ?? '').toBe(content);
      expect(finish_reason).toBe(finish);
      const calls = message.tool_calls ?? [];
      expect(calls.map((call) => call.type === 'function' && call.function.name)).toEqual(tool ? [tool] : []);
      for (const call of calls) if (call.type === 'function') expect(() => JSON.parse(call.function.arguments) as unknown).not.toThrow();
      expect(completion.usage).toMatchObject(usage);
      expect(gw().fake.lastRequest(UPSTREAM[type])!.body.stream).not.toBe(true);
    });
  });

  describe('client abort', () => {
    // The upstream falls silent right after the first characters: only the abort signal, not the next upstream
    // event, can close the upstream request before the silence ends.
    it.each(TYPES)('closes the %s upstream request as soon as the client leaves a stream', async (type) => {
      gw().fake.script(UPSTREAM[type], slowText(type, { silenceMs: 10_000, silenceAtEvent: 8 }));
      const stream = await gw().client.chat.completions.create({ model: MODEL_OF[type], stream: true, messages: [{ role: 'user', content: 'count' }] });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) {
        chunks.push(chunk);
        if (assembleChunks(chunks).content.length >= 2) break;
      }

      await gw().fake.waitForAbortedRequests(1, 1500);
      expect(gw().fake.lastRequest(UPSTREAM[type])!.outcome).toBe('aborted');
      await gw().fake.waitForIdle(1500);
      expect(assembleChunks(chunks).finishReasons.every((reason) => reason === null)).toBe(true);
    });
  });
});

async function collectAll(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _item of stream) {
    // drained for the error at the end
  }
}
