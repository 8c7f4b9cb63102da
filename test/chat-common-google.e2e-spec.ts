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

interface FixtureCase {
  fixture: FixtureName;
  content: string;
  reasoning?: string;
  tool?: { id: unknown; name: string; args: object };
  finish: string;
  usage: object;
}

/** /v1/chat/completions in front of a Chat Completions (`common`) and a Google generate upstream, via the openai SDK. */
describe('chat completions -> common and Google', () => {
  const gw = useChatGateway();
  const tools = [WEATHER_TOOL, TIME_TOOL];

  async function replay(model: string, path: string, { fixture, content, reasoning, tool, finish, usage }: FixtureCase, splitEvery?: number) {
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
    expect(chunks.every((chunk) => chunk.model === model)).toBe(true);
    expect(assembled.content).toBe(content);
    expect(assembled.reasoning).toBe(reasoning ?? '');
    expect(assembled.toolCalls.map((call) => ({ id: call.id, name: call.name, args: JSON.parse(call.arguments) }))).toEqual(
      tool ? [tool] : [],
    );
    expect(finishReasonOf(assembled)).toBe(finish);
    expect(assembled.usage).toMatchObject(usage);
  }

  describe('common (Chat Completions upstream)', () => {
    const model = CHAT_MODELS.glm;
    const path = UPSTREAM.common;
    const wire = () => gw().fake.lastRequest(path)!.body;

    it('answers a non-stream request with the upstream completion, the client model id and usage with cached tokens', async () => {
      gw().fake.script(path, {
        chatResponse: { content: 'Hi from GLM', model: 'glm-upstream-name', usage: { prompt_tokens: 30, completion_tokens: 5, cached_tokens: 10 } },
      });
      const completion = await gw().client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Say hi' }] });

      expect(completion).toMatchObject({ object: 'chat.completion', model });
      expect(completion.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'Hi from GLM' }, finish_reason: 'stop' });
      expect(completion.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 5, total_tokens: 35, prompt_tokens_details: { cached_tokens: 10 } });
      expect(wire()).toMatchObject({ model, messages: [{ role: 'system', content: CHAT_SYSTEM_PROMPT }, { role: 'user', content: 'Say hi' }] });
    });

    it('leads the client system message with the configured prompt; the developer message follows', async () => {
      await gw().client.chat.completions.create({ model, messages: withClientInstructions('ping') });

      expect(wire().messages).toEqual([
        { role: 'system', content: `${CHAT_SYSTEM_PROMPT}${CLIENT_SYSTEM}` },
        { role: 'developer', content: CLIENT_DEVELOPER },
        { role: 'user', content: 'ping' },
      ]);
    });

    it('streams role first, content deltas, one finish chunk, the usage chunk when asked', async () => {
      gw().fake.script(path, {
        chatResponse: { content: 'Streaming works ✓ fine', usage: { prompt_tokens: 9, completion_tokens: 4, cached_tokens: 3 }, deltaSize: 4 },
      });
      const chunks = await collect(
        await gw().client.chat.completions.create({
          model,
          messages: [{ role: 'user', content: 'stream' }],
          stream: true,
          stream_options: { include_usage: true },
        }),
      );

      expect(chunks[0].choices[0].delta.role).toBe('assistant');
      const assembled = assembleChunks(chunks);
      expect(assembled.content).toBe('Streaming works ✓ fine');
      expect(assembled.deltaChunks).toBeGreaterThan(2);
      expect(finishReasonOf(assembled)).toBe('stop');
      expect(chunks.at(-1)!.choices).toEqual([]);
      expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 4, total_tokens: 13, prompt_tokens_details: { cached_tokens: 3 } });
      expect(wire()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    });

    it('frames the raw stream as data-only SSE ending in one [DONE], without usage unless asked', () => expectRawChatStream(gw(), model, 'Echo: raw'));

    it('round-trips tool calls: tools and tool_choice forwarded, tool_calls back, the tool messages accepted', async () => {
      gw().fake.script(path, {
        chatResponse: { tool_calls: [{ id: 'call_glm_1', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } }] },
      });
      const question: ChatCompletionMessageParam = { role: 'user', content: 'Weather in Paris?' };
      const first = await gw().client.chat.completions.create({ model, messages: [question], tools, tool_choice: 'required' });

      expect(wire()).toMatchObject({ tools, tool_choice: 'required' });
      const choice = first.choices[0];
      expect(choice.finish_reason).toBe('tool_calls');
      const call = choice.message.tool_calls![0];
      if (call.type !== 'function') throw new Error('expected a function tool call');
      expect(call).toMatchObject({ id: 'call_glm_1', function: { name: 'get_weather' } });
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });

      gw().fake.script(path, { chatResponse: { content: 'It is 18 °C.' } });
      const second = await gw().client.chat.completions.create({
        model,
        tools,
        messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: '18 °C' }],
      });

      expect(second.choices[0].message.content).toBe('It is 18 °C.');
      expect(wire().messages.slice(2)).toEqual([
        expect.objectContaining({ role: 'assistant', tool_calls: [expect.objectContaining({ id: 'call_glm_1' })] }),
        { role: 'tool', tool_call_id: 'call_glm_1', content: '18 °C' },
      ]);
    });

    it('streams two tool calls with indexes 0 and 1 and arguments in fragments', async () => {
      gw().fake.script(path, {
        chatResponse: {
          tool_calls: [
            { id: 'call_w', name: 'get_weather', arguments: { city: 'Zürich', unit: 'celsius' } },
            { id: 'call_t', name: 'get_time', arguments: { city: 'Zürich' } },
          ],
          deltaSize: 5,
        },
      });
      const stream = gw().client.chat.completions.stream({ model, tools, messages: [{ role: 'user', content: 'both' }] });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const final = await stream.finalChatCompletion();

      const assembled = assembleChunks(chunks);
      expect(assembled.toolCalls.map(({ id, name }) => ({ id, name }))).toEqual([
        { id: 'call_w', name: 'get_weather' },
        { id: 'call_t', name: 'get_time' },
      ]);
      expect(assembled.toolCalls[0].fragments).toBeGreaterThan(3);
      expect(JSON.parse(assembled.toolCalls[1].arguments)).toEqual({ city: 'Zürich' });
      expect(finishReasonOf(assembled)).toBe('tool_calls');
      expect(final.choices[0].message.tool_calls).toHaveLength(2);
    });

    it('forwards images as they came', async () => {
      const message = imageMessage();
      await gw().client.chat.completions.create({ model, messages: [message] });

      expect(wire().messages[1]).toEqual(message);
    });

    it('passes reasoning_content through, streamed and not, and reasoning_effort under auto', async () => {
      gw().fake.script(path, { chatResponse: { reasoning_content: 'Six sevens.', content: '42' } });
      const completion = await gw().client.chat.completions.create({ model, reasoning_effort: 'low', messages: [{ role: 'user', content: '6 × 7?' }] });
      expect(completion.choices[0].message).toMatchObject({ content: '42', reasoning_content: 'Six sevens.' });
      expect(wire().reasoning_effort).toBe('low');

      gw().fake.script(path, { chatResponse: { reasoning_content: 'Six sevens.', content: '42', deltaSize: 3 } });
      const chunks = await collect(await gw().client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: '6 × 7?' }] }));
      expect(assembleChunks(chunks)).toMatchObject({ reasoning: 'Six sevens.', content: '42' });
    });

    it('passes finish_reason length through', async () => {
      gw().fake.script(path, { chatResponse: { content: 'cut', finish_reason: 'length' } });
      const completion = await gw().client.chat.completions.create({ model, messages: [{ role: 'user', content: 'long' }] });
      expect(completion.choices[0].finish_reason).toBe('length');
    });

    describe.each<FixtureCase>([
      {
        fixture: 'chat-text',
        content: 'Hello! Café ☕ and 🚀 at your service.',
        finish: 'stop',
        usage: { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 },
      },
      {
        fixture: 'chat-tool-call',
        content: '',
        tool: { id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_current_weather', args: { location: 'Boston, MA' } },
        finish: 'tool_calls',
        usage: { prompt_tokens: 82, completion_tokens: 17, total_tokens: 99 },
      },
    ])('$fixture', (fixtureCase) => {
      it.each([undefined, 1])('streams the expected chunks (splitEvery %p)', (splitEvery) => replay(model, path, fixtureCase, splitEvery));
    });
  });

  describe('google (generate upstream)', () => {
    const model = CHAT_MODELS.gemini;
    const path = UPSTREAM.google;
    const wire = () => gw().fake.lastRequest(path)!.body;

    it('answers a non-stream request with one chat.completion, usage with cached and thought tokens', async () => {
      gw().fake.script(path, {
        googleResponse: {
          parts: [{ text: 'Hallo 🌍' }],
          usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 10, thoughtsTokenCount: 5, cachedContentTokenCount: 8 },
        },
      });
      const completion = await gw().client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Say hi' }] });

      expect(completion).toMatchObject({ object: 'chat.completion', model });
      expect(completion.choices).toEqual([
        { index: 0, message: { role: 'assistant', content: 'Hallo 🌍', refusal: null }, finish_reason: 'stop', logprobs: null },
      ]);
      expect(completion.usage).toEqual({
        prompt_tokens: 20,
        completion_tokens: 15,
        total_tokens: 35,
        prompt_tokens_details: { cached_tokens: 8 },
        completion_tokens_details: { reasoning_tokens: 5 },
      });
      expect(wire()).toMatchObject({ model, stream: false, contents: [{ role: 'user', parts: [{ text: 'Say hi' }] }] });
    });

    it('puts the configured prompt first in systemInstruction, then the client system and developer messages', async () => {
      await gw().client.chat.completions.create({ model, messages: withClientInstructions('ping') });

      expect(wire().systemInstruction).toEqual({ parts: [{ text: CHAT_SYSTEM_PROMPT }, { text: CLIENT_SYSTEM }, { text: CLIENT_DEVELOPER }] });
      expect(wire().contents).toEqual([{ role: 'user', parts: [{ text: 'ping' }] }]);
    });

    it('streams role first, content deltas, one finish chunk, the usage chunk when asked', async () => {
      gw().fake.script(path, {
        googleResponse: { parts: [{ text: 'Streaming works ✓ fine' }], usageMetadata: { promptTokenCount: 7, candidatesTokenCount: 5 }, deltaSize: 4 },
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
      expect(chunks.at(-1)!.choices).toEqual([]);
      expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
      expect(wire()).toMatchObject({ stream: true });
    });

    it('frames the raw stream as data-only SSE ending in one [DONE], without usage unless asked', () => expectRawChatStream(gw(), model, 'Echo: raw'));

    it('round-trips a function call: declarations on the wire, functionCall back as a tool call, functionResponse by name', async () => {
      gw().fake.script(path, {
        googleResponse: { parts: [{ text: 'Let me check.' }, { functionCall: { name: 'get_weather', args: { city: 'Paris', unit: 'celsius' } } }] },
      });
      const question: ChatCompletionMessageParam = { role: 'user', content: 'Weather in Paris?' };
      const first = await gw().client.chat.completions.create({ model, messages: [question], tools, tool_choice: 'auto' });

      expect(wire().tools).toEqual([
        {
          functionDeclarations: [
            { name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_TOOL.function.parameters },
            { name: 'get_time', description: 'Local time in a city', parameters: TIME_TOOL.function.parameters },
          ],
        },
      ]);
      expect(wire().toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
      const choice = first.choices[0];
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBe('Let me check.');
      const call = choice.message.tool_calls![0];
      if (call.type !== 'function') throw new Error('expected a function tool call');
      expect(call.id).toMatch(/^call_\w+/);
      expect(call.function.name).toBe('get_weather');
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });

      gw().fake.script(path, { googleResponse: { parts: [{ text: 'It is 18 °C.' }] } });
      const second = await gw().client.chat.completions.create({
        model,
        tools,
        messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: '{"temperature":18}' }],
      });

      expect(second.choices[0].message.content).toBe('It is 18 °C.');
      expect(wire().contents).toEqual([
        { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
        { role: 'model', parts: [{ text: 'Let me check.' }, { functionCall: { name: 'get_weather', args: { city: 'Paris', unit: 'celsius' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 18 } } }] },
      ]);
    });

    it('gives a Gemini 3 tool loop the thought signature the chat client could not keep, so the upstream accepts it', async () => {
      const gemini3 = CHAT_MODELS.gemini3;
      gw().fake.script(path, { googleResponse: { parts: [{ functionCall: { name: 'get_time', args: { city: 'Oslo' } } }] } });
      const question: ChatCompletionMessageParam = { role: 'user', content: 'Time in Oslo?' };
      const first = await gw().client.chat.completions.create({ model: gemini3, messages: [question], tools });
      const call = first.choices[0].message.tool_calls![0];

      gw().fake.script(path, { googleResponse: { parts: [{ text: 'Noon.' }] } });
      const second = await gw().client.chat.completions.create({
        model: gemini3,
        tools,
        messages: [question, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '12:00' }],
      });

      expect(second.choices[0].message.content).toBe('Noon.');
      expect(wire().contents[1]).toEqual({
        role: 'model',
        parts: [{ functionCall: { name: 'get_time', args: { city: 'Oslo' } }, thoughtSignature: 'skip_thought_signature_validator' }],
      });
    });

    it('maps tool_choice none / required / named to functionCallingConfig', async () => {
      const ask = async (extra: object) => {
        await gw().client.chat.completions.create({ model, tools, messages: [{ role: 'user', content: 'x' }], ...extra });
        return wire().toolConfig;
      };
      expect(await ask({ tool_choice: 'none' })).toEqual({ functionCallingConfig: { mode: 'NONE' } });
      expect(await ask({ tool_choice: 'required' })).toEqual({ functionCallingConfig: { mode: 'ANY' } });
      expect(await ask({ tool_choice: { type: 'function', function: { name: 'get_time' } } })).toEqual({
        functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_time'] },
      });
    });

    it('streams two function calls as tool calls 0 and 1 and takes both responses back in one turn', async () => {
      gw().fake.script(path, {
        googleResponse: {
          parts: [
            { functionCall: { name: 'get_weather', args: { city: 'Zürich' } } },
            { functionCall: { name: 'get_time', args: { city: 'Zürich' } } },
          ],
        },
      });
      const question: ChatCompletionMessageParam = { role: 'user', content: 'Weather and time in Zürich?' };
      const stream = gw().client.chat.completions.stream({ model, tools, messages: [question] });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const final = await stream.finalChatCompletion();

      const assembled = assembleChunks(chunks);
      expect(assembled.toolCalls.map((call) => call.name)).toEqual(['get_weather', 'get_time']);
      expect(new Set(assembled.toolCalls.map((call) => call.id)).size).toBe(2);
      expect(assembled.toolCalls.map((call) => JSON.parse(call.arguments))).toEqual([{ city: 'Zürich' }, { city: 'Zürich' }]);
      expect(finishReasonOf(assembled)).toBe('tool_calls');
      const message = final.choices[0].message;
      expect(message.tool_calls?.map((call) => call.id)).toEqual(assembled.toolCalls.map((call) => call.id));

      gw().fake.script(path, { googleResponse: { parts: [{ text: 'Sunny, 14:00.' }] } });
      await gw().client.chat.completions.create({
        model,
        tools,
        messages: [
          question,
          { role: 'assistant', content: null, tool_calls: message.tool_calls },
          { role: 'tool', tool_call_id: assembled.toolCalls[1].id, content: '14:00' },
          { role: 'tool', tool_call_id: assembled.toolCalls[0].id, content: 'sunny' },
        ],
      });

      expect(wire().contents[2]).toEqual({
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_time', response: { result: '14:00' } } },
          { functionResponse: { name: 'get_weather', response: { result: 'sunny' } } },
        ],
      });
    });

    it('sends a data-URL image as inlineData with its mime type split off', async () => {
      await gw().client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } }] }],
      });

      expect(wire().contents[0].parts).toEqual([{ text: 'What is this?' }, { inlineData: { mimeType: 'image/png', data: PNG_BASE64 } }]);
    });

    it('sends an http image as fileData, which the fake (like the documented generate format) does not accept', async () => {
      const error = await apiErrorOf(gw().client.chat.completions.create({ model, messages: [imageMessage()] }));

      expect(wire().contents[0].parts).toEqual([
        { text: 'What is in these pictures?' },
        { inlineData: { mimeType: 'image/png', data: PNG_BASE64 } },
        { fileData: { mimeType: 'image/png', fileUri: IMAGE_HTTP_URL } },
      ]);
      expect(error.status).toBe(400);
      expect(error.message).toContain('contents[0].parts[2]');
    });

    it('returns thought parts as reasoning_content, streamed and not, and maps reasoning_effort to a thinking budget (Gemini 2.x)', async () => {
      const parts = [{ text: 'Six sevens make 42.', thought: true }, { text: '42' }];
      gw().fake.script(path, { googleResponse: { parts } });
      const completion = await gw().client.chat.completions.create({ model, reasoning_effort: 'low', messages: [{ role: 'user', content: '6 × 7?' }] });
      expect(completion.choices[0].message).toMatchObject({ content: '42', reasoning_content: 'Six sevens make 42.' });
      expect(wire().generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 4096, includeThoughts: true } });

      gw().fake.script(path, { googleResponse: { parts, deltaSize: 5 } });
      const chunks = await collect(await gw().client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: '6 × 7?' }] }));
      expect(assembleChunks(chunks)).toMatchObject({ reasoning: 'Six sevens make 42.', content: '42' });
      expect(wire().generationConfig).toBeUndefined();
    });

    it.each([
      ['MAX_TOKENS', 'length'],
      ['SAFETY', 'content_filter'],
      ['RECITATION', 'content_filter'],
      ['STOP', 'stop'],
    ] as const)('maps finishReason %s to %s, streamed and not', async (finishReason, expected) => {
      const script = { googleResponse: { parts: [{ text: 'cut off her' }], finishReason } };
      gw().fake.script(path, script);
      const completion = await gw().client.chat.completions.create({ model, messages: [{ role: 'user', content: 'long' }] });
      expect(completion.choices[0].finish_reason).toBe(expected);

      gw().fake.script(path, script);
      const chunks = await collect(await gw().client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'long' }] }));
      expect(finishReasonOf(assembleChunks(chunks))).toBe(expected);
    });

    describe.each<FixtureCase>([
      {
        fixture: 'google-text',
        content: 'Hello! Café ☕ and 🚀, here to help.',
        finish: 'stop',
        usage: { prompt_tokens: 9, completion_tokens: 26, total_tokens: 35, completion_tokens_details: { reasoning_tokens: 14 } },
      },
      {
        fixture: 'google-function-call',
        content: 'Let me look that up.',
        tool: { id: expect.stringMatching(/^call_\w+_0$/), name: 'get_weather', args: { location: 'Tokyo', unit: 'celsius' } },
        finish: 'tool_calls',
        usage: { prompt_tokens: 64, completion_tokens: 66, total_tokens: 130 },
      },
    ])('$fixture', (fixtureCase) => {
      it.each([undefined, 1])('streams the expected chunks (splitEvery %p)', (splitEvery) => replay(model, path, fixtureCase, splitEvery));
    });
  });
});
