import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  apiErrorOf,
  assembleChunks,
  CHAT_MODELS,
  CHAT_SYSTEM_PROMPT,
  CLIENT_DEVELOPER,
  CLIENT_SYSTEM,
  collect,
  finishReasonOf,
  IMAGE_HTTP_URL,
  imageMessage,
  PNG_BASE64,
  useChatGateway,
  expectRawChatStream,
  TIME_TOOL,
  UPSTREAM,
  WEATHER_TOOL,
  withClientInstructions,
} from './support/chat-fixture';
import type { FixtureName } from './support/fixture-replay';

/** /v1/chat/completions in front of an Anthropic Messages upstream, driven by the official openai SDK. */
describe('chat completions -> Anthropic', () => {
  const gw = useChatGateway();
  const model = CHAT_MODELS.claude;
  const path = UPSTREAM.anthropic;
  const wire = () => gw().fake.lastRequest(path)!.body;

  describe('text', () => {
    it('answers a non-stream request with one chat.completion, usage mapped with cache reads and writes', async () => {
      gw().fake.script(path, {
        anthropicResponse: {
          content: [{ type: 'text', text: 'Bonjour 🌍' }],
          usage: { input_tokens: 25, cache_read_input_tokens: 12, cache_creation_input_tokens: 3, output_tokens: 7 },
        },
      });
      const completion = await gw().client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Say hi' }] });

      expect(completion).toMatchObject({ object: 'chat.completion', model });
      expect(completion.id).toMatch(/^chatcmpl-/);
      expect(completion.choices).toEqual([
        { index: 0, message: { role: 'assistant', content: 'Bonjour 🌍', refusal: null }, finish_reason: 'stop', logprobs: null },
      ]);
      expect(completion.usage).toEqual({
        prompt_tokens: 40,
        completion_tokens: 7,
        total_tokens: 47,
        prompt_tokens_details: { cached_tokens: 12 },
      });
      expect(wire()).toMatchObject({ model, stream: false, max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hi' }] }] });
      expect(wire().thinking).toBeUndefined();
    });

    it('puts the configured prompt first in system, then the client system and developer messages', async () => {
      await gw().client.chat.completions.create({ model, messages: withClientInstructions('ping') });

      expect(wire().system).toEqual([
        { type: 'text', text: CHAT_SYSTEM_PROMPT },
        { type: 'text', text: CLIENT_SYSTEM },
        { type: 'text', text: CLIENT_DEVELOPER },
      ]);
      expect(wire().messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'ping' }] }]);
    });

    it('streams role first, content deltas, one finish chunk, the usage chunk when asked, then [DONE]', async () => {
      gw().fake.script(path, {
        anthropicResponse: {
          content: [{ type: 'text', text: 'Streaming works ✓ fine' }],
          usage: { input_tokens: 10, cache_read_input_tokens: 4, output_tokens: 6 },
          deltaSize: 4,
        },
      });
      const chunks = await collect(
        await gw().client.chat.completions.create({
          model,
          messages: [{ role: 'user', content: 'stream' }],
          stream: true,
          stream_options: { include_usage: true },
        }),
      );

      expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
      const assembled = assembleChunks(chunks);
      expect(assembled.content).toBe('Streaming works ✓ fine');
      expect(assembled.deltaChunks).toBeGreaterThan(2);
      expect(finishReasonOf(assembled)).toBe('stop');
      const last = chunks.at(-1)!;
      expect(last.choices).toEqual([]);
      expect(last.usage).toEqual({ prompt_tokens: 14, completion_tokens: 6, total_tokens: 20, prompt_tokens_details: { cached_tokens: 4 } });
      expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
      expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
      expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === model)).toBe(true);
      expect(wire()).toMatchObject({ stream: true });
    });

    it('frames the raw stream as data-only SSE ending in [DONE], without usage unless asked', () =>
      expectRawChatStream(gw(), model, 'Echo: raw'));
  });

  describe('tool calls', () => {
    const tools = [WEATHER_TOOL, TIME_TOOL];

    it('round-trips a tool call: tools and tool_choice on the wire, tool_use back as tool_calls, the tool result accepted', async () => {
      gw().fake.script(path, {
        anthropicResponse: {
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 'toolu_paris', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } },
          ],
        },
      });
      const question: ChatCompletionMessageParam = { role: 'user', content: 'Weather in Paris?' };
      const first = await gw().client.chat.completions.create({ model, messages: [question], tools, tool_choice: 'auto' });

      expect(wire().tools).toEqual([
        { name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_TOOL.function.parameters },
        { name: 'get_time', description: 'Local time in a city', input_schema: TIME_TOOL.function.parameters },
      ]);
      expect(wire().tool_choice).toEqual({ type: 'auto' });
      const choice = first.choices[0];
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBe('Let me check.');
      expect(choice.message.tool_calls).toHaveLength(1);
      const call = choice.message.tool_calls![0];
      if (call.type !== 'function') throw new Error('expected a function tool call');
      expect(call).toMatchObject({ id: 'toolu_paris', type: 'function', function: { name: 'get_weather' } });
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });

      gw().fake.script(path, { anthropicResponse: { content: [{ type: 'text', text: 'It is 18 °C in Paris.' }] } });
      const second = await gw().client.chat.completions.create({
        model,
        tools,
        messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: '18 °C, sunny' }],
      });

      expect(second.choices[0].message.content).toBe('It is 18 °C in Paris.');
      expect(wire().messages).toEqual([
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 'toolu_paris', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_paris', content: [{ type: 'text', text: '18 °C, sunny' }] }] },
      ]);
    });

    it('maps tool_choice required / named / none and parallel_tool_calls:false', async () => {
      const ask = async (extra: object) => {
        await gw().client.chat.completions.create({ model, tools, messages: [{ role: 'user', content: 'x' }], ...extra });
        return wire().tool_choice;
      };
      expect(await ask({ tool_choice: 'required' })).toEqual({ type: 'any' });
      expect(await ask({ tool_choice: { type: 'function', function: { name: 'get_time' } } })).toEqual({ type: 'tool', name: 'get_time' });
      expect(await ask({ tool_choice: 'none' })).toEqual({ type: 'none' });
      expect(await ask({ tool_choice: 'auto', parallel_tool_calls: false })).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    });

    it('streams two tool calls (indexes 0 and 1, id and name once, arguments in fragments) and takes both results back', async () => {
      gw().fake.script(path, {
        anthropicResponse: {
          content: [
            { type: 'text', text: 'Checking both.' },
            { type: 'tool_use', id: 'toolu_w', name: 'get_weather', input: { city: 'Zürich', unit: 'celsius' } },
            { type: 'tool_use', id: 'toolu_t', name: 'get_time', input: { city: 'Zürich' } },
          ],
          deltaSize: 5,
        },
      });
      const question: ChatCompletionMessageParam = { role: 'user', content: 'Weather and time in Zürich?' };
      const stream = gw().client.chat.completions.stream({ model, tools, messages: [question] });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const final = await stream.finalChatCompletion();

      const assembled = assembleChunks(chunks);
      expect(assembled.content).toBe('Checking both.');
      expect(assembled.toolCalls.map(({ id, name }) => ({ id, name }))).toEqual([
        { id: 'toolu_w', name: 'get_weather' },
        { id: 'toolu_t', name: 'get_time' },
      ]);
      expect(assembled.toolCalls[0].fragments).toBeGreaterThan(3);
      expect(JSON.parse(assembled.toolCalls[0].arguments)).toEqual({ city: 'Zürich', unit: 'celsius' });
      expect(JSON.parse(assembled.toolCalls[1].arguments)).toEqual({ city: 'Zürich' });
      expect(finishReasonOf(assembled)).toBe('tool_calls');
      const message = final.choices[0].message;
      expect(final.choices[0].finish_reason).toBe('tool_calls');
      expect(message.tool_calls?.map((call) => call.type === 'function' && JSON.parse(call.function.arguments))).toEqual([
        { city: 'Zürich', unit: 'celsius' },
        { city: 'Zürich' },
      ]);

      gw().fake.script(path, { anthropicResponse: { content: [{ type: 'text', text: 'Sunny, 14:00.' }] } });
      const answer = await gw().client.chat.completions.create({
        model,
        tools,
        messages: [
          question,
          { role: 'assistant', content: message.content, tool_calls: message.tool_calls },
          { role: 'tool', tool_call_id: 'toolu_w', content: 'sunny' },
          { role: 'tool', tool_call_id: 'toolu_t', content: [{ type: 'text', text: '14:00' }] },
        ],
      });

      expect(answer.choices[0].message.content).toBe('Sunny, 14:00.');
      expect(wire().messages[2]).toEqual({
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_w', content: [{ type: 'text', text: 'sunny' }] },
          { type: 'tool_result', tool_use_id: 'toolu_t', content: [{ type: 'text', text: '14:00' }] },
        ],
      });
    });

    it('relays the validating upstream rejecting a tool result that answers no tool_use', async () => {
      const error = await apiErrorOf(
        gw().client.chat.completions.create({
          model,
          messages: [
            { role: 'user', content: 'q' },
            { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_a', type: 'function', function: { name: 'get_time', arguments: '{}' } }] },
            { role: 'tool', tool_call_id: 'toolu_other', content: 'x' },
          ],
        }),
      );

      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.status).toBe(400);
      expect(error.message).toContain('`tool_use` ids were found without `tool_result` blocks immediately after: toolu_a');
    });
  });

  it('sends a data-URL image as base64 and an http image as a URL source', async () => {
    await gw().client.chat.completions.create({ model, messages: [imageMessage()] });

    expect(wire().messages[0].content).toEqual([
      { type: 'text', text: 'What is in these pictures?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
      { type: 'image', source: { type: 'url', url: IMAGE_HTTP_URL } },
    ]);
  });

  describe('reasoning', () => {
    const thinking = 'First, 6 × 7. That is 42.';

    it('returns scripted thinking as message.reasoning_content', async () => {
      gw().fake.script(path, {
        anthropicResponse: { content: [{ type: 'thinking', thinking, signature: 'sig-abc' }, { type: 'text', text: '42' }] },
      });
      const completion = await gw().client.chat.completions.create({
        model,
        reasoning_effort: 'low',
        messages: [{ role: 'user', content: '6 × 7?' }],
      });

      expect(completion.choices[0].message).toMatchObject({ content: '42', reasoning_content: thinking });
    });

    it('streams thinking as reasoning_content deltas before the content', async () => {
      gw().fake.script(path, {
        anthropicResponse: { content: [{ type: 'thinking', thinking, signature: 'sig-abc' }, { type: 'text', text: '42' }], deltaSize: 6 },
      });
      const chunks = await collect(
        await gw().client.chat.completions.create({ model, reasoning_effort: 'low', stream: true, messages: [{ role: 'user', content: '6 × 7?' }] }),
      );

      const assembled = assembleChunks(chunks);
      expect(assembled.reasoning).toBe(thinking);
      expect(assembled.content).toBe('42');
      const firstContent = chunks.findIndex((chunk) => chunk.choices[0]?.delta.content);
      const reasoningAt = chunks.flatMap((chunk, i) => ((chunk.choices[0]?.delta as any)?.reasoning_content ? [i] : []));
      expect(reasoningAt.length).toBeGreaterThan(1);
      expect(Math.max(...reasoningAt)).toBeLessThan(firstContent);
    });

    it('under auto, turns reasoning_effort into a thinking budget, raises max_tokens and drops temperature', async () => {
      await gw().client.chat.completions.create({
        model,
        reasoning_effort: 'medium',
        temperature: 0.3,
        messages: [{ role: 'user', content: 'think' }],
      });
      expect(wire().thinking).toEqual({ type: 'enabled', budget_tokens: 12288 });
      expect(wire().max_tokens).toBe(12288 + 4096);
      expect(wire().temperature).toBeUndefined();

      await gw().client.chat.completions.create({
        model,
        reasoning_effort: 'high',
        max_completion_tokens: 30000,
        messages: [{ role: 'user', content: 'think' }],
      });
      expect(wire()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 24576 }, max_tokens: 30000 });
    });

    it('on a fixed-level model, applies its budget and raises max_tokens whatever the client asked', async () => {
      await gw().client.chat.completions.create({
        model: CHAT_MODELS.claudeHigh,
        max_tokens: 1000,
        reasoning_effort: 'low',
        messages: [{ role: 'user', content: 'think hard' }],
      });

      expect(wire()).toMatchObject({ model: CHAT_MODELS.claudeHigh, thinking: { type: 'enabled', budget_tokens: 24576 }, max_tokens: 24576 + 4096 });
    });
  });

  describe('finish_reason', () => {
    it.each([
      ['max_tokens', 'length'],
      ['stop_sequence', 'stop'],
      ['end_turn', 'stop'],
      ['refusal', 'content_filter'],
    ] as const)('maps stop_reason %s to %s, streamed and not', async (stopReason, finishReason) => {
      const script = { anthropicResponse: { content: [{ type: 'text' as const, text: 'cut off her' }], stop_reason: stopReason } };
      gw().fake.script(path, script);
      const completion = await gw().client.chat.completions.create({ model, messages: [{ role: 'user', content: 'long' }] });
      expect(completion.choices[0].finish_reason).toBe(finishReason);

      gw().fake.script(path, script);
      const chunks = await collect(await gw().client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'long' }] }));
      expect(finishReasonOf(assembleChunks(chunks))).toBe(finishReason);
    });
  });

  describe('recorded fixtures', () => {
    const cases: { fixture: FixtureName; content: string; reasoning?: string; tool?: object; finish: string; usage: object }[] = [
      {
        fixture: 'anthropic-text',
        content: "Hello! Here's a café ☕ and a rocket 🚀 for you.",
        finish: 'stop',
        usage: { prompt_tokens: 37, completion_tokens: 15, total_tokens: 52, prompt_tokens_details: { cached_tokens: 12 } },
      },
      {
        fixture: 'anthropic-tool-use',
        content: "Okay, let's check the weather for San Francisco, CA:",
        tool: { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', args: { location: 'San Francisco, CA', unit: 'fahrenheit' } },
        finish: 'tool_calls',
        usage: { prompt_tokens: 472, completion_tokens: 89, total_tokens: 561 },
      },
      {
        fixture: 'anthropic-thinking',
        content: 'The greatest common divisor of 1071 and 462 is **21**.',
        reasoning: 'I need to find the GCD of 1071 and 462.\n\n1071 = 2 × 462 + 147\n462 = 3 × 147 + 21\n147 = 7 × 21 + 0\n\nSo the GCD is 21.',
        finish: 'stop',
        usage: { prompt_tokens: 46, completion_tokens: 143, total_tokens: 189 },
      },
    ];

    describe.each(cases)('$fixture', ({ fixture, content, reasoning, tool, finish, usage }) => {
      it.each([undefined, 1])('streams the expected chunks (splitEvery %p)', async (splitEvery) => {
        gw().fake.script(path, { sseFixture: fixture, splitEvery });
        const chunks = await collect(
          await gw().client.chat.completions.create({
            model,
            stream: true,
            stream_options: { include_usage: true },
            messages: [{ role: 'user', content: 'replay' }],
          }),
        );

        const assembled = assembleChunks(chunks);
        expect(assembled.content).toBe(content);
        expect(assembled.reasoning).toBe(reasoning ?? '');
        expect(assembled.toolCalls.map((call) => ({ id: call.id, name: call.name, args: JSON.parse(call.arguments) }))).toEqual(
          tool ? [tool] : [],
        );
        expect(finishReasonOf(assembled)).toBe(finish);
        expect(assembled.usage).toMatchObject(usage);
      });
    });
  });
});
