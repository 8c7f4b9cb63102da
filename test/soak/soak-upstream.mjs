// The soak's upstream: Anthropic Messages streams whose fault is chosen by the request (the last user message reads
// `soak:<fault>`), so one gateway run mixes healthy streams with every failure the soak must survive.
import { createServer } from 'node:http';

const EVENTS = Number(process.env.SOAK_STREAM_EVENTS ?? 40);
const sse = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const head =
  sse('message_start', { message: { id: 'msg_soak', type: 'message', role: 'assistant', model: 'claude-soak', content: [], stop_reason: null, usage: { input_tokens: 5, output_tokens: 1 } } }) +
  sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
const delta = sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'soak ' } });
const tail =
  sse('content_block_stop', { index: 0 }) +
  sse('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: EVENTS } }) +
  sse('message_stop', {});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function write(res, text) {
  if (res.destroyed) throw new Error('client gone');
  if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
}

async function stream(res, fault) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  await write(res, head);
  for (let i = 0; i < EVENTS; i += 1) {
    if (fault === 'cut' && i === EVENTS / 2) {
      res.socket.destroy();
      return;
    }
    await write(res, delta);
    await sleep(fault === 'drip' ? 40 : 2);
  }
  res.end(tail);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let fault = 'ok';
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      fault = /soak:(\w+)/.exec(JSON.stringify(body.messages))?.[1] ?? 'ok';
    } catch {
      // unreachable for the soak's own requests
    }
    if (fault === '5xx') {
      res.writeHead(529, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
      return;
    }
    if (fault === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('this is not\r\n\r\nserver-sent events {{{\n\n\0\0');
      return;
    }
    stream(res, fault).catch(() => res.destroy());
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
