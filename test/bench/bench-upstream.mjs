// A minimal Anthropic Messages upstream for the benchmark: no validation and no artificial delay, so the figures
// measure the gateway, not the fake. (The validating fake in test/support is for correctness tests.)
// A model id containing `slow` gets a stream that drips one event a second (BENCH_SLOW_INTERVAL_MS) until the client
// leaves: the open-stream memory measurement holds a thousand of those.
import { createServer } from 'node:http';

const STREAM_EVENTS = Number(process.env.BENCH_STREAM_EVENTS ?? 300);
const SLOW_INTERVAL_MS = Number(process.env.BENCH_SLOW_INTERVAL_MS ?? 1000);
const message = JSON.stringify({
  id: 'msg_bench',
  type: 'message',
  role: 'assistant',
  model: 'claude-bench',
  content: [{ type: 'text', text: 'Hello from the benchmark upstream. '.repeat(8) }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 64 },
});

function sseEvent(type, data) {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

const streamHead =
  sseEvent('message_start', {
    message: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'claude-bench', content: [], stop_reason: null, usage: { input_tokens: 12, output_tokens: 1 } },
  }) + sseEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
const delta = sseEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'token ' } });
const streamTail =
  sseEvent('content_block_stop', { index: 0 }) +
  sseEvent('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: STREAM_EVENTS } }) +
  sseEvent('message_stop', {});

async function writeStream(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(streamHead);
  for (let i = 0; i < STREAM_EVENTS; i += 1) {
    if (!res.write(delta)) await new Promise((resolve) => res.once('drain', resolve));
    // Yield between events so a stream is many chunks on the wire, as a real upstream sends it.
    if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
  res.end(streamTail);
}

// Head at once, then one delta per interval, so every stream stands open with its first event delivered.
function writeSlowStream(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(streamHead);
  const timer = setInterval(() => res.write(delta), SLOW_INTERVAL_MS);
  res.once('close', () => clearInterval(timer));
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      // The benchmark only sends JSON.
    }
    if (body.stream === true && String(body.model).includes('slow')) {
      writeSlowStream(res);
      return;
    }
    if (body.stream === true) {
      writeStream(res).catch(() => res.destroy());
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(message) });
    res.end(message);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
