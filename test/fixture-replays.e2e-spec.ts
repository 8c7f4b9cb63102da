import { messagesGrammarViolation } from '../src/translation/client/anthropic-messages/messages-event-grammar';
import { responsesGrammarViolation } from '../src/translation/client/openai-responses/responses-event-grammar';
import type { UpstreamCodec } from '../src/translation/hub/hub-codec';
import type { HubStreamPart } from '../src/translation/hub/hub-stream';
import { AnthropicCodec } from '../src/translation/upstream/anthropic/anthropic.codec';
import { ChatCompletionsCodec } from '../src/translation/upstream/chat-completions/chat-completions.codec';
import { decodeUpstreamStream } from '../src/translation/upstream/decode-upstream-stream';
import { GoogleCodec } from '../src/translation/upstream/google/google.codec';
import { OpenAiResponsesCodec } from '../src/translation/upstream/openai-responses/openai-responses.codec';
import { createToolNameMap, OPENAI_TOOL_NAMES } from '../src/translation/upstream/shared/tool-names';
import { assembleChunks } from './support/chat-fixture';
import { readFixture, type FixtureName } from './support/fixture-replay';
import { CLIENT_KEY, parseSse, rawPost, startGatewayWithFake, type Gateway } from './support/gateway-fixture';

type UpstreamName = 'anthropic' | 'openai' | 'common' | 'google';
const UPSTREAMS: Record<UpstreamName, { model: string; path: string; codec: UpstreamCodec }> = {
  anthropic: { model: 'claude-auto', path: '/a/v1/messages', codec: new AnthropicCodec() },
  openai: { model: 'gpt-auto', path: '/o/v1/responses', codec: new OpenAiResponsesCodec() },
  common: { model: 'glm-common', path: '/o/v1/chat/completions', codec: new ChatCompletionsCodec() },
  google: { model: 'gemini-auto', path: '/g/v1/generate', codec: new GoogleCodec() },
};
const FIXTURES: [FixtureName, UpstreamName][] = [
  ['anthropic-text', 'anthropic'],
  ['anthropic-tool-use', 'anthropic'],
  ['anthropic-thinking', 'anthropic'],
  ['responses-text', 'openai'],
  ['responses-function-call', 'openai'],
  ['responses-reasoning-summary', 'openai'],
  ['chat-text', 'common'],
  ['chat-tool-call', 'common'],
  ['google-text', 'google'],
  ['google-function-call', 'google'],
];

/** What the recorded stream says, read by the upstream codec alone: the texts and the calls every client must get. */
interface Content {
  text: string;
  calls: { name: string; args: unknown }[];
}

async function recorded(name: FixtureName, upstream: UpstreamName): Promise<Content> {
  const encoded = { body: {}, stream: true, toolNames: createToolNameMap([], OPENAI_TOOL_NAMES) };
  const parts: HubStreamPart[] = [];
  const source = (async function* () {
    yield Buffer.from(readFixture(name));
  })();
  for await (const part of decodeUpstreamStream(source, UPSTREAMS[upstream].codec.createStreamDecoder(encoded))) parts.push(part);
  return {
    text: parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join(''),
    calls: parts.flatMap((part) => (part.type === 'tool-call' ? [{ name: part.toolName, args: JSON.parse(part.input) as unknown }] : [])),
  };
}

const tools = (content: Content) => content.calls.map(({ name }) => ({ name, parameters: { type: 'object' } }));

/**
 * Every recorded upstream stream replayed byte by byte (each byte its own write) into every client API: the client's
 * stream keeps its grammar and carries exactly the texts and calls the recording holds, whatever the network split.
 */
describe('recorded upstream streams replayed byte by byte into every client API', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGatewayWithFake();
  });
  afterEach(() => gw.fake.reset());
  afterAll(() => gw?.close());

  describe.each(FIXTURES)('%s', (fixture, upstream) => {
    const { model, path } = UPSTREAMS[upstream];
    let expected: Content;
    beforeAll(async () => {
      expected = await recorded(fixture, upstream);
      // Guard against a vacuous replay: every recording says something.
      expect(expected.text.length + expected.calls.length).toBeGreaterThan(0);
    });

    it('→ Anthropic Messages', async () => {
      gw.fake.script(path, { sseFixture: fixture, splitEvery: 1 });
      const reply = await rawPost(
        `${gw.app.url}/v1/messages`,
        { model, max_tokens: 4096, stream: true, messages: [{ role: 'user', content: 'x' }], tools: tools(expected).map(({ name, parameters }) => ({ name, input_schema: parameters })) },
        { 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' },
      );
      const events = parseSse(reply.text).events.map(({ event, data }) => ({ event, data: JSON.parse(data) as Record<string, any> }));
      expect(messagesGrammarViolation(events)).toBeUndefined();
      const blocks = new Map<number, { type: string; name?: string; text: string }>();
      for (const { data } of events) {
        if (data.type === 'content_block_start') blocks.set(data.index, { type: data.content_block.type, name: data.content_block.name, text: data.content_block.text ?? '' });
        if (data.type === 'content_block_delta') blocks.get(data.index)!.text += data.delta.text ?? data.delta.partial_json ?? '';
      }
      const seen = [...blocks.values()];
      expect(seen.filter((b) => b.type === 'text').map((b) => b.text).join('')).toBe(expected.text);
      expect(seen.filter((b) => b.type === 'tool_use').map((b) => ({ name: b.name, args: JSON.parse(b.text) as unknown }))).toEqual(expected.calls);
    });

    it('→ OpenAI Responses', async () => {
      gw.fake.script(path, { sseFixture: fixture, splitEvery: 1 });
      const reply = await rawPost(
        `${gw.app.url}/v1/responses`,
        { model, stream: true, input: 'x', tools: tools(expected).map((tool) => ({ type: 'function', ...tool })) },
        { authorization: `Bearer ${CLIENT_KEY}` },
      );
      const events = parseSse(reply.text).events.map(({ event, data }) => ({ event, data: JSON.parse(data) as Record<string, any> }));
      expect(responsesGrammarViolation(events)).toBeUndefined();
      const output = events.at(-1)!.data.response.output as Record<string, any>[];
      expect(output.flatMap((item) => (item.type === 'message' ? item.content.map((c: { text: string }) => c.text) : [])).join('')).toBe(expected.text);
      expect(output.filter((item) => item.type === 'function_call').map((item) => ({ name: item.name, args: JSON.parse(item.arguments) as unknown }))).toEqual(expected.calls);
    });

    it('→ Chat Completions', async () => {
      gw.fake.script(path, { sseFixture: fixture, splitEvery: 1 });
      const reply = await rawPost(
        `${gw.app.url}/v1/chat/completions`,
        { model, stream: true, messages: [{ role: 'user', content: 'x' }], tools: tools(expected).map((tool) => ({ type: 'function', function: tool })) },
        { authorization: `Bearer ${CLIENT_KEY}` },
      );
      const data = parseSse(reply.text).events.map((event) => event.data);
      expect(data.at(-1)).toBe('[DONE]');
      const assembled = assembleChunks(data.slice(0, -1).map((line) => JSON.parse(line)));
      expect(assembled.content).toBe(expected.text);
      expect(assembled.toolCalls.map(({ name, arguments: args }) => ({ name, args: JSON.parse(args) as unknown }))).toEqual(expected.calls);
    });
  });
});
