import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  assembleChunks,
  CHAT_MODELS,
  CHAT_SYSTEM_PROMPT,
  CLIENT_DEVELOPER,
  CLIENT_SYSTEM,
  collect,
  finishReasonOf,
  IMAGE_HTTP_URL,
  imageMessage,
  PNG_DATA_URL,
  useChatGateway,
  expectRawChatStream,
  TIME_TOOL,
  UPSTREAM,
  WEATHER_TOOL,
  withClientInstructions,
} from './support/chat-fixture';
import type { FixtureName } from './support/fixture-replay';

/** /v1/chat/completions in front of an OpenAI Responses upstream (type `openai`), driven by the official openai SDK. */
describe('chat completions -> OpenAI Responses', () => {
  const gw = useChatGateway();
  const model = CHAT_MODELS.gpt;
  const path = UPSTREAM.openai;
  const wire = () => gw().fake.lastRequest(path)!.body;

  describe('text', () => {
    it('answers a non-stream request with one chat.completion, usage with cached and reasoning tokens', async () => {
      gw().fake.script(path, {
        responsesResponse: {
          output: [{ type: 'message', text: 'Hello there 👋' }],
          usage: { input_tokens: 30, cached_tokens: 10, output_tokens: 20, reasoning_tokens: 5 },
        },
      });
      const completion = await gw().client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Say hi' }] });

      expect(completion).toMatchObject({ object: 'chat.completion', model });
      expect(completion.choices).toEqual([
        { index: 0, message: { role: 'assistant', content: 'Hello there 👋', refusal: null }, finish_reason: 'stop', logprobs: null },
      ]);
      expect(completion.usage).toEqual({
        prompt_tokens: 30,
        completion_tokens: 20,
        total_tokens: 50,
        prompt_tokens_details: { cached_tokens: 10 },
        completion_tokens_details: { reasoning_tokens: 5 },
      });
      expect(wire()).toMatchObject({
        model,
        stream: false,
        store: false,
        input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Say hi' }] }],
      });
      expect(wire().reasoning).toBeUndefined();
    });

    it('puts the configured prompt first in instructions, then the client system and developer messages', async () => {
      await gw().client.chat.completions.create({ model, messages: withClientInstructions('ping') });

      expect(wire().instructions).toBe(`${CHAT_SYSTEM_PROMPT}${CLIENT_SYSTEM}\n\n${CLIENT_DEVELOPER}`);
      expect(wire().input).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'ping' }] }]);
    });

    it('streams role first, content deltas, one finish chunk, the usage chunk when asked, then [DONE]', async () => {
      gw().fake.script(path, {
        responsesResponse: {
          output: [{ type: 'message', text: 'Streaming works ✓ fine' }],
          usage: { input_tokens: 12, cached_tokens: 2, output_tokens: 6 },
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
      expect(last.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 6, total_tokens: 18, prompt_tokens_details: { cached_tokens: 2 } });
      expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
      expect(wire()).toMatchObject({ stream: true });
    });

    it('frames the raw stream as data-only SSE ending in [DONE], without usage unless asked', () =>
      expectRawChatStream(gw(), model, 'Echo: raw'));
  });

  describe('tool calls', () => {
    const tools = [WEATHER_TOOL, TIME_TOOL];

    it('round-trips a function call: flat tools on the wire, call_id as the tool call id, function_call_output accepted', async () => {
      gw().fake.script(path, {
        responsesResponse: {
          output: [
            { type: 'message', text: 'Let me check.' },
            { type: 'function_call', call_id: 'call_paris', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
          ],
        },
      });
      const question: ChatCompletionMessageParam = { role: 'user', content: 'Weather in Paris?' };
      const first = await gw().client.chat.completions.create({
        model,
        messages: [question],
        tools,
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        parallel_tool_calls: false,
      });

      expect(wire().tools).toEqual([
        // Responses tools are strict unless told otherwise; chat tools are not, so the hub says so.
        { type: 'function', name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_TOOL.function.parameters, strict: false },
        { type: 'function', name: 'get_time', description: 'Local time in a city', parameters: TIME_TOOL.function.parameters, strict: false },
      ]);
      expect(wire().tool_choice).toEqual({ type: 'function', name: 'get_weather' });
      expect(wire().parallel_tool_calls).toBe(false);
      const choice = first.choices[0];
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBe('Let me check.');
      const call = choice.message.tool_calls![0];
      if (call.type !== 'function') throw new Error('expected a function tool call');
      expect(choice.message.tool_calls).toHaveLength(1);
      expect(call).toMatchObject({ id: 'call_paris', type: 'function', function: { name: 'get_weather' } });
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });

      gw().fake.script(path, { responsesResponse: { output: [{ type: 'message', text: 'It is 18 °C in Paris.' }] } });
      const second = await gw().client.chat.completions.create({
        model,
        tools,
        messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: '18 °C, sunny' }],
      });

      expect(second.choices[0].message.content).toBe('It is 18 °C in Paris.');
      expect(wire().input).toEqual([
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.' }] },
        { type: 'function_call', call_id: 'call_paris', name: 'get_weather', arguments: call.function.arguments },
        { type: 'function_call_output', call_id: 'call_paris', output: '18 °C, sunny' },
      ]);
    });

    it('maps tool_choice auto / none / required', async () => {
      const ask = async (toolChoice: 'auto' | 'none' | 'required') => {
        await gw().client.chat.completions.create({ model, tools, tool_choice: toolChoice, messages: [{ role: 'user', content: 'x' }] });
        return wire().tool_choice;
      };
      expect(await ask('auto')).toBe('auto');
      expect(await ask('none')).toBe('none');
      expect(await ask('required')).toBe('required');
    });

    it('streams two function calls after reasoning and text (tool indexes 0 and 1, id and name once) and takes both outputs back', async () => {
      gw().fake.script(path, {
        responsesResponse: {
          output: [
            { type: 'reasoning', summary: ['Two lookups.'] },
            { type: 'message', text: 'Checking both.' },
            { type: 'function_call', call_id: 'call_w', name: 'get_weather', arguments: { city: 'Zürich', unit: 'celsius' } },
            { type: 'function_call', call_id: 'call_t', name: 'get_time', arguments: { city: 'Zürich' } },
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
      expect(assembled).toMatchObject({ reasoning: 'Two lookups.', content: 'Checking both.' });
      expect(assembled.toolCalls.map(({ id, name }) => ({ id, name }))).toEqual([
        { id: 'call_w', name: 'get_weather' },
        { id: 'call_t', name: 'get_time' },
      ]);
      expect(assembled.toolCalls[0].fragments).toBeGreaterThan(3);
      expect(JSON.parse(assembled.toolCalls[0].arguments)).toEqual({ city: 'Zürich', unit: 'celsius' });
      expect(JSON.parse(assembled.toolCalls[1].arguments)).toEqual({ city: 'Zürich' });
      expect(finishReasonOf(assembled)).toBe('tool_calls');
      const message = final.choices[0].message;
      expect(final.choices[0].finish_reason).toBe('tool_calls');
      expect(message.tool_calls).toHaveLength(2);

      gw().fake.script(path, { responsesResponse: { output: [{ type: 'message', text: 'Sunny, 14:00.' }] } });
      const answer = await gw().client.chat.completions.create({
        model,
        tools,
        messages: [
          question,
          { role: 'assistant', content: message.content, tool_calls: message.tool_calls },
          { role: 'tool', tool_call_id: 'call_w', content: 'sunny' },
          { role: 'tool', tool_call_id: 'call_t', content: [{ type: 'text', text: '14:00' }] },
        ],
      });

      expect(answer.choices[0].message.content).toBe('Sunny, 14:00.');
      expect(wire().input.slice(1)).toEqual([
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking both.' }] },
        { type: 'function_call', call_id: 'call_w', name: 'get_weather', arguments: JSON.stringify({ city: 'Zürich', unit: 'celsius' }) },
        { type: 'function_call', call_id: 'call_t', name: 'get_time', arguments: JSON.stringify({ city: 'Zürich' }) },
        { type: 'function_call_output', call_id: 'call_w', output: 'sunny' },
        { type: 'function_call_output', call_id: 'call_t', output: '14:00' },
      ]);
    });

    it('relays the validating upstream rejecting an output whose call_id matches no call', async () => {
      const response = await gw().post({
        model,
        messages: [
          { role: 'user', content: 'q' },
          { role: 'tool', tool_call_id: 'call_nowhere', content: 'x' },
        ],
      });

      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toBe('No tool call found for function call output with call_id call_nowhere.');
    });
  });

  it('sends data-URL and http images as input_image URL strings', async () => {
    await gw().client.chat.completions.create({ model, messages: [imageMessage()] });

    expect(wire().input[0].content).toEqual([
      { type: 'input_text', text: 'What is in these pictures?' },
      { type: 'input_image', image_url: PNG_DATA_URL, detail: 'auto' },
      { type: 'input_image', image_url: IMAGE_HTTP_URL, detail: 'auto' },
    ]);
  });

  describe('reasoning', () => {
    const summary = ['**Plan**\n\nMultiply 6 by 7.', 'That gives 42.'];

    it('returns the reasoning summary as message.reasoning_content', async () => {
      gw().fake.script(path, { responsesResponse: { output: [{ type: 'reasoning', summary }, { type: 'message', text: '42' }] } });
      const completion = await gw().client.chat.completions.create({ model, messages: [{ role: 'user', content: '6 × 7?' }] });

      expect(completion.choices[0].message).toMatchObject({ content: '42', reasoning_content: summary.join('\n\n') });
    });

    it('streams the reasoning summary as reasoning_content deltas before the content', async () => {
      gw().fake.script(path, {
        responsesResponse: { output: [{ type: 'reasoning', summary }, { type: 'message', text: '42' }], deltaSize: 6 },
      });
      const chunks = await collect(
        await gw().client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: '6 × 7?' }] }),
      );

      const assembled = assembleChunks(chunks);
      expect(assembled.reasoning).toBe(summary.join('\n\n'));
      expect(assembled.content).toBe('42');
      const firstContent = chunks.findIndex((chunk) => chunk.choices[0]?.delta.content);
      const reasoningAt = chunks.flatMap((chunk, i) => ((chunk.choices[0]?.delta as any)?.reasoning_content ? [i] : []));
      expect(reasoningAt.length).toBeGreaterThan(2);
      expect(Math.max(...reasoningAt)).toBeLessThan(firstContent);
    });

    it('under auto, sends reasoning_effort as reasoning.effort with a summary', async () => {
      await gw().client.chat.completions.create({ model, reasoning_effort: 'high', messages: [{ role: 'user', content: 'think' }] });

      expect(wire().reasoning).toEqual({ effort: 'high', summary: 'auto' });
    });
  });

  describe('finish_reason', () => {
    it('maps an incomplete response to length, streamed and not', async () => {
      const script = { responsesResponse: { output: [{ type: 'message' as const, text: 'cut off her' }], status: 'incomplete' as const } };
      gw().fake.script(path, script);
      const completion = await gw().client.chat.completions.create({ model, messages: [{ role: 'user', content: 'long' }] });
      expect(completion.choices[0].finish_reason).toBe('length');

      gw().fake.script(path, script);
      const chunks = await collect(await gw().client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'long' }] }));
      expect(finishReasonOf(assembleChunks(chunks))).toBe('length');
    });
  });

  describe('recorded fixtures', () => {
    const cases: { fixture: FixtureName; content: string; reasoning?: string; tool?: object; finish: string; usage: object }[] = [
      {
        fixture: 'responses-text',
        content: 'Hi there! Café ☕ time 🚀.',
        finish: 'stop',
        usage: { prompt_tokens: 37, completion_tokens: 11, total_tokens: 48, prompt_tokens_details: { cached_tokens: 0 } },
      },
      {
        fixture: 'responses-function-call',
        content: '',
        tool: { id: 'call_ZbQ2Ck4dlcx7wf3ZMxuBpO1K', name: 'get_weather', args: { location: 'Paris, France' } },
        finish: 'tool_calls',
        usage: { prompt_tokens: 291, completion_tokens: 23, total_tokens: 314 },
      },
      {
        fixture: 'responses-reasoning-summary',
        content: '9.9 is larger than 9.11.',
        reasoning: '**Comparing the numbers**\n\n9.11 vs 9.9: compare tenths first.\n\n**Answering**\n\n9.9 is larger.',
        finish: 'stop',
        usage: { prompt_tokens: 24, completion_tokens: 212, total_tokens: 236, completion_tokens_details: { reasoning_tokens: 192 } },
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
