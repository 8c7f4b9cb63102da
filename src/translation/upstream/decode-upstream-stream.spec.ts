import type { EncodedUpstreamRequest } from '../hub/hub-codec';
import type { HubStreamPart } from '../hub/hub-stream';
import { AnthropicStreamDecoder } from './anthropic/anthropic-stream-decoder';
import { decodeUpstreamBatches } from './decode-upstream-stream';
import { ANTHROPIC_TOOL_NAMES, createToolNameMap } from './shared/tool-names';

const encoded: EncodedUpstreamRequest = { body: {}, stream: true, toolNames: createToolNameMap([], ANTHROPIC_TOOL_NAMES) };
const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const start = event('message_start', {
  message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [], usage: { input_tokens: 3, output_tokens: 1 } },
});
const text = (delta: string) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: delta } });
const stop = event('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }) + event('message_stop', {});

async function batches(chunks: (string | Error)[]): Promise<HubStreamPart[][]> {
  const source = (async function* () {
    for (const chunk of chunks) {
      if (chunk instanceof Error) throw chunk;
      yield chunk;
    }
  })();
  const out: HubStreamPart[][] = [];
  for await (const batch of decodeUpstreamBatches(source, new AnthropicStreamDecoder(encoded))) out.push(batch);
  return out;
}

const types = (all: HubStreamPart[][]) => all.map((batch) => batch.map((part) => part.type));

describe(decodeUpstreamBatches.name, () => {
  it("gives the parts of each upstream chunk as one batch, and none for a chunk that completes no event", async () => {
    const opening = start + event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    const all = await batches([opening + text('a') + text('b'), ': ping\n\n', text('c'), event('content_block_stop', { index: 0 }) + stop]);
    expect(types(all)).toEqual([['stream-start', 'text-start', 'text-delta', 'text-delta'], ['text-delta'], ['text-end', 'finish']]);
  });

  it('stops at the terminal part: events after it in the same chunk are not decoded', async () => {
    const error = event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } });
    const all = await batches([start + error + text('never')]);
    expect(types(all)).toEqual([['stream-start', 'error']]);
  });

  it('turns a transport failure into an error part, opening the stream when nothing had started', async () => {
    expect(types(await batches([new Error('socket hang up')]))).toEqual([['stream-start', 'error']]);
    expect(types(await batches([start, new Error('socket hang up')]))).toEqual([['stream-start'], ['error']]);
  });
});
