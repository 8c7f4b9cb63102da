import { PNG_BASE64 } from '../chat-fixture';
import { startGatewayWithFake, type Gateway } from '../gateway-fixture';
import { errorStatus, type ClientSide, type ToolSpec } from './client-sides';
import { UPSTREAM_SIDES, type ScriptedCall, type UpstreamSide } from './upstream-sides';

const WEATHER: ToolSpec = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const TIME: ToolSpec = {
  name: 'get_time',
  description: 'Local time in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' }, format: { type: 'string' } }, required: ['city'] },
};
const PARIS_WEATHER: ScriptedCall = { id: 'call_weather_1', name: 'get_weather', args: { city: 'Paris' } };
const PARIS_TIME: ScriptedCall = { id: 'call_time_2', name: 'get_time', args: { city: 'Paris', format: '24h' } };

/**
 * The conversion matrix for one client API: the same ten scenarios against every upstream type (the transparent pair
 * included), through the real app and the validating fake upstream, with the official SDK as the client.
 */
export function describeMatrix(makeSide: (gateway: Gateway) => ClientSide): void {
  let gw: Gateway;
  let side: ClientSide;
  beforeAll(async () => {
    gw = await startGatewayWithFake();
    side = makeSide(gw);
  });
  afterEach(() => {
    const unused = gw.fake.pendingScripts();
    gw.fake.reset();
    expect(unused).toEqual([]);
  });
  afterAll(() => gw?.close());

  describe.each(Object.values(UPSTREAM_SIDES))('→ $type upstream', (up: UpstreamSide) => {
    const wire = () => gw.fake.lastRequest(up.path)!.body;

    it('text', async () => {
      gw.fake.script(up.path, up.text(`Bonjour from ${up.type} ☕`));
      expect((await side.turn({ model: up.model, stream: false })).text).toBe(`Bonjour from ${up.type} ☕`);
    });

    it('stream', async () => {
      gw.fake.script(up.path, up.text(`Streamed from ${up.type}, café ☕ and 🚀`));
      expect((await side.turn({ model: up.model, stream: true })).text).toBe(`Streamed from ${up.type}, café ☕ and 🚀`);
    });

    it('tool call', async () => {
      gw.fake.script(up.path, up.calls([PARIS_WEATHER]));
      const answer = await side.turn({ model: up.model, stream: false, tools: [WEATHER, TIME] });

      expect(answer.calls.map(({ name, args }) => ({ name, args }))).toEqual([{ name: 'get_weather', args: { city: 'Paris' } }]);
      if (up.callIds) expect(answer.calls[0].id).toBe(PARIS_WEATHER.id);
    });

    it('tool round trip', async () => {
      gw.fake.script(up.path, up.text('It is 18 °C in Paris.'));
      const answer = await side.turn({ model: up.model, stream: false, tools: [WEATHER], history: { call: PARIS_WEATHER, result: '18 °C and sunny' } });

      expect(answer.text).toBe('It is 18 °C in Paris.');
      expect(up.toolResult(wire(), PARIS_WEATHER)).toContain('18 °C and sunny');
    });

    it('parallel tools', async () => {
      gw.fake.script(up.path, up.calls([PARIS_WEATHER, PARIS_TIME]));
      const answer = await side.turn({ model: up.model, stream: true, tools: [WEATHER, TIME] });

      expect(answer.calls.map(({ name, args }) => ({ name, args }))).toEqual([
        { name: 'get_weather', args: { city: 'Paris' } },
        { name: 'get_time', args: { city: 'Paris', format: '24h' } },
      ]);
      expect(new Set(answer.calls.map((call) => call.id)).size).toBe(2);
    });

    it('thinking', async () => {
      gw.fake.script(up.path, up.thinking('Six times seven is forty-two.', '42'));
      const answer = await side.turn({ model: up.model, stream: true, thinking: true, prompt: 'What is 6 × 7?' });

      expect(answer.text).toBe('42');
      expect(answer.reasoning).toContain('Six times seven is forty-two.');
    });

    it('image', async () => {
      gw.fake.script(up.path, up.text('A single pixel.'));
      const answer = await side.turn({ model: up.model, stream: false, image: PNG_BASE64, prompt: 'What is in the picture?' });

      expect(answer.text).toBe('A single pixel.');
      expect(up.hasImage(wire(), PNG_BASE64)).toBe(true);
    });

    it.each([false, true])('usage (stream %p)', async (stream) => {
      gw.fake.script(up.path, up.text('Counted.', { input: 100, cached: 40, output: 20 }));
      expect((await side.turn({ model: up.model, stream })).usage).toEqual({ input: 100, cached: 40, output: 20 });
    });

    it.each([false, true])('upstream error (stream %p)', async (stream) => {
      gw.fake.script(up.path, { status: 429, headers: { 'retry-after': '3' } });
      expect(await errorStatus(side.turn({ model: up.model, stream }))).toBe(429);
    });

    it('cut stream', async () => {
      gw.fake.script(up.path, up.cut('one two three four five six seven'));
      await expect(side.turn({ model: up.model, stream: true })).rejects.toThrow();
    });
  });
}
