import type { HubStreamPart } from '../translation/hub/hub-stream';
import { accumulateHubStream, UpstreamStreamFailed } from './accumulate-hub-stream';

async function* parts(list: HubStreamPart[]): AsyncGenerator<HubStreamPart> {
  yield* list;
}

describe(accumulateHubStream.name, () => {
  it('gathers blocks in the order they started, calls where they began, signatures from the block ends', async () => {
    const response = await accumulateHubStream(
      parts([
        { type: 'stream-start', id: 'msg_1', modelId: 'm', usage: { inputTokens: 10 } },
        { type: 'reasoning-start', id: 'r' },
        { type: 'text-start', id: 't' },
        { type: 'tool-input-start', id: 'c', toolName: 'Read' },
        { type: 'reasoning-delta', id: 'r', delta: 'Hm.' },
        { type: 'text-delta', id: 't', delta: 'Reading' },
        { type: 'tool-input-delta', id: 'c', delta: '{"a":1}' },
        { type: 'reasoning-end', id: 'r', providerMetadata: { anthropic: { signature: 'sig' } } },
        { type: 'text-end', id: 't' },
        { type: 'text-start', id: 'empty' },
        { type: 'text-end', id: 'empty' },
        { type: 'tool-input-end', id: 'c' },
        { type: 'tool-call', toolCallId: 'c', toolName: 'Read', input: '{"a":1}' },
        { type: 'finish', finishReason: 'tool-calls', usage: { outputTokens: 5 } },
      ]),
    );

    expect(response).toEqual({
      id: 'msg_1',
      modelId: 'm',
      content: [
        { type: 'reasoning', text: 'Hm.', providerMetadata: { anthropic: { signature: 'sig' } } },
        { type: 'text', text: 'Reading' },
        { type: 'tool-call', toolCallId: 'c', toolName: 'Read', input: '{"a":1}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 10, outputTokens: 5 },
    });
  });

  it.each<[string, HubStreamPart[], RegExp]>([
    ['an error part', [{ type: 'stream-start' }, { type: 'error', error: { message: 'Overloaded', type: 'overloaded_error' } }], /Overloaded/],
    ['a stream without its terminal event', [{ type: 'stream-start' }, { type: 'finish', finishReason: 'stop', usage: {}, unterminated: true }], /incomplete/],
    ['a stream that just stops', [{ type: 'stream-start' }], /without an answer/],
  ])('fails with a 502 on %s', async (_case, list, message) => {
    const failure = await accumulateHubStream(parts(list)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamStreamFailed);
    expect((failure as UpstreamStreamFailed).status).toBe(502);
    expect((failure as UpstreamStreamFailed).message).toMatch(message);
  });
});
