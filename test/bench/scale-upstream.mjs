// The upstream for `npm run bench:scale`: Anthropic Messages (JSON) that accepts only live access tokens, and a
// WorkOS refresh grant whose refresh tokens are single-use. Every SCALE_REVOKE_MS the newest access token is revoked,
// so every replica meets 401s bound to the current token and the cluster must rotate, again and again.
// Prints {"port":N} once listening; GET /stats answers the counters.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const REVOKE_MS = Number(process.env.SCALE_REVOKE_MS ?? 2000);
const SEED = process.env.SCALE_SEED_TOKEN ?? 'rt-scale-seed';

const FIXED_KEY = process.env.SCALE_FIXED_KEY ?? 'bench-key';
const refresh = new Map([[SEED, 'fresh']]);
// The fixed key serves the latency comparison (file mode vs Redis mode on the same credential).
const live = new Set([FIXED_KEY]);
let paused = false;
let newest;
const stats = { requests: 0, unauthorized: 0, refreshes: 0, presentedTwice: 0, unknownRefresh: 0, revocations: 0 };

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = () => `${b64({ alg: 'none' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 3600, jti: randomBytes(6).toString('hex') })}.sig`;
const message = JSON.stringify({
  id: 'msg_scale',
  type: 'message',
  role: 'assistant',
  model: 'claude-bench',
  content: [{ type: 'text', text: 'Hello from the scale benchmark.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 8 },
});

setInterval(() => {
  if (!paused && newest && live.delete(newest)) stats.revocations += 1;
}, REVOKE_MS).unref();

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    if (req.url === '/stats') return json(res, 200, stats);
    if (req.url === '/revocations/pause') return json(res, 200, { paused: (paused = true) });
    if (req.url === '/revocations/resume') return json(res, 200, { paused: (paused = false) });
    if (req.url === '/user_management/authenticate') {
      const form = text.startsWith('{') ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
      const state = refresh.get(form.refresh_token);
      if (state === 'spent') {
        stats.presentedTwice += 1;
        return json(res, 400, { error: 'invalid_grant', error_description: 'Refresh token already exchanged.' });
      }
      if (state !== 'fresh') {
        stats.unknownRefresh += 1;
        return json(res, 400, { error: 'invalid_grant', error_description: 'Invalid refresh token.' });
      }
      refresh.set(form.refresh_token, 'spent');
      stats.refreshes += 1;
      const accessToken = jwt();
      const refreshToken = randomBytes(18).toString('base64url');
      refresh.set(refreshToken, 'fresh');
      live.add(accessToken);
      newest = accessToken;
      return json(res, 200, { user: { id: 'user_scale', email: 'scale@example.com' }, access_token: accessToken, refresh_token: refreshToken });
    }
    stats.requests += 1;
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!live.has(token)) {
      stats.unauthorized += 1;
      return json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'Invalid bearer token' } });
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(message) });
    res.end(message);
  });
});

server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
