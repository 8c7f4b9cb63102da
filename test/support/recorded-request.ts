import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** One request as the fake upstream received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/a/v1/messages`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /**
   * Parsed JSON (or form fields for urlencoded bodies); `undefined` when the body is not parseable.
   * Typed `any` on purpose: tests dig into vendor bodies freely and assert with `toMatchObject`.
   */
  body: any;
  rawBody: string;
  receivedAt: number;
  /** 'aborted' when the client left before the response finished; 'cut' when the fake destroyed the socket itself. */
  outcome: 'open' | 'completed' | 'aborted' | 'cut';
}

export async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body: parseBody(rawBody, req.headers['content-type'] ?? ''),
    rawBody,
    receivedAt: Date.now(),
    outcome: 'open',
  };
}

function parseBody(raw: string, contentType: string): unknown {
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The credential a client presented: `Authorization: Bearer …`, or Anthropic's `x-api-key` when allowed. */
export function presentedToken(request: RecordedRequest, allowApiKeyHeader: boolean): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const token = authorization.slice('Bearer '.length).trim();
    if (token) return token;
  }
  const apiKey = request.headers['x-api-key'];
  if (allowApiKeyHeader && typeof apiKey === 'string' && apiKey) return apiKey;
  return undefined;
}
