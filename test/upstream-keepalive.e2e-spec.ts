/**
 * A converted stream stops reading its upstream at the terminal event, and the rest of the body (normally just the
 * chunked encoding's last chunk) is read in the background, so the upstream connection serves the next request.
 * Destroying the body there instead, as the gateway did, made undici drop the keep-alive connection whenever that
 * last chunk came in a later packet, and the next request paid for a new connection (found in issue #12's profiles).
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedRequest } from './support/recorded-request';
import { startGatewayWithFake, type Gateway } from './support/gateway-fixture';
import { namedEvent } from './support/sse-writer';

/** How long the fake holds back the end of its body after the terminal event. */
const TAIL_DELAY_MS = 300;

const ANSWER = [
  namedEvent('message_start', {
    type: 'message_start',
    message: { id: 'msg_keepalive', type: 'message', role: 'assistant', model: 'claude-auto', content: [], stop_reason: null, usage: { input_tokens: 5, output_tokens: 1 } },
  }),
  namedEvent('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  namedEvent('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello ' } }),
  namedEvent('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'there' } }),
  namedEvent('content_block_stop', { type: 'content_block_stop', index: 0 }),
  namedEvent('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } }),
  namedEvent('message_stop', { type: 'message_stop' }),
].join('');

describe('the upstream connection after a converted stream', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGatewayWithFake();
  });
  afterEach(() => {
    const unused = gw.fake.pendingScripts();
    gw.fake.reset();
    expect(unused).toEqual([]);
  });
  afterAll(() => gw?.close());

  it('ends the client’s stream at the terminal event and serves the next request on the same upstream connection', async () => {
    const upstreamPorts: number[] = [];
    let upstreamBodiesEnded = 0;
    const answerWithLateEnd = (_request: RecordedRequest, res: ServerResponse) => {
      upstreamPorts.push(res.socket!.remotePort!);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(ANSWER);
      setTimeout(() => {
        upstreamBodiesEnded += 1;
        res.end();
      }, TAIL_DELAY_MS);
    };
    gw.fake.script('/a/v1/messages', { custom: answerWithLateEnd });
    gw.fake.script('/a/v1/messages', { custom: answerWithLateEnd });
    const client = gw.openai();

    for (const round of [1, 2]) {
      const stream = await client.chat.completions.create({ model: 'claude-auto', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';

      expect(text).toBe('Hello there');
      // The client had its whole answer while the upstream's body was still open.
      expect(upstreamBodiesEnded).toBe(round - 1);
      while (upstreamBodiesEnded < round) await sleep(20);
      // Time for the gateway to read the last chunk and hand the connection back to its pool.
      await sleep(100);
    }

    expect(upstreamPorts).toHaveLength(2);
    expect(upstreamPorts[1]).toBe(upstreamPorts[0]);
  });
});
