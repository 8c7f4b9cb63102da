import { json, type NextFunction, type Request, type Response } from 'express';
import { Readable } from 'node:stream';
import { ApiError } from '../errors/api-error';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './json-depth';

type Parse = ReturnType<typeof json>;

/**
 * The request body as JSON, with the gateway's limit. The usual request (`application/json`, UTF-8, a length, no
 * content encoding) is read and parsed here in a few steps; anything else (compressed, chunked, another charset, no
 * body) and every parse failure goes through express.json, so those answers are body-parser's own. Failures become
 * ApiErrors so the filter can say what was wrong (Nest would otherwise turn a parse failure into a bare 400 and lose
 * the 413 wording).
 */
export function jsonBodyParser(limit: string, limitBytes: number) {
  const parse = json({ limit });
  return (req: Request, res: Response, next: NextFunction): void => {
    // body-parser answers an oversized body only once the client has sent all of it; a declared length over the limit
    // is refused at once, and the connection closed, so a client cannot hold the request open by stalling.
    if (Number(req.headers['content-length']) > limitBytes) {
      next(new ApiError(413, `Request body is larger than the ${limit} limit`, { code: 'request_too_large', headers: { connection: 'close' } }));
      return;
    }
    const done = (error?: unknown) => {
      if (error) return next(toApiError(error, limit));
      if (nestedDeeperThan(req.body, MAX_JSON_DEPTH)) {
        return next(new ApiError(400, `JSON in request body is nested deeper than ${MAX_JSON_DEPTH} levels`, { code: 'invalid_json' }));
      }
      next();
    };
    if (isPlainJson(req)) {
      readPlainJson(req, res, parse, done);
      return;
    }
    // express.json skips a body of another type, which would then read as "no body": say what is actually wrong.
    if (hasBody(req) && !req.is('application/json')) {
      const sent = req.headers['content-type'];
      const got = sent ? `got "${sent}"` : 'none was sent';
      next(new ApiError(415, `Content-Type must be application/json (${got})`, { code: 'unsupported_media_type' }));
      return;
    }
    parse(req, res, done);
  };
}

/** `application/json` (UTF-8, or no charset), a declared length, no content or transfer encoding. */
function isPlainJson(req: Request): boolean {
  const { headers } = req;
  if (headers['transfer-encoding'] !== undefined || !(Number(headers['content-length']) > 0)) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = headers['content-type'];
  if (type === 'application/json') return true;
  const lower = type?.toLowerCase().replace(/\s+/g, '');
  return lower === 'application/json' || lower === 'application/json;charset=utf-8';
}

/** Reads the body whole and parses it; a body JSON.parse refuses is handed to body-parser for its exact answer. */
function readPlainJson(req: Request, res: Response, parse: Parse, done: (error?: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
  };
  const onError = (error: Error) => {
    req.off('data', onData);
    req.off('end', onEnd);
    done(error);
  };
  const onEnd = () => {
    req.off('error', onError);
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
    let text = body.toString('utf8');
    // body-parser (iconv) drops a byte order mark; JSON.parse would not.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const first = firstNonSpace(text);
    if (first === '{' || first === '[') {
      try {
        req.body = JSON.parse(text);
        done();
        return;
      } catch {
        // body-parser words the error below.
      }
    }
    const replay = Object.assign(Readable.from([body]), { headers: req.headers, method: req.method, url: req.url });
    parse(replay as unknown as Request, res, (error?: unknown) => {
      req.body = (replay as { body?: unknown }).body;
      done(error);
    });
  };
  req.on('data', onData);
  req.once('end', onEnd);
  req.once('error', onError);
}

function firstNonSpace(text: string): string | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return text[i];
  }
  return undefined;
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function toApiError(error: unknown, limit: string): unknown {
  const { type, status } = error as { type?: string; status?: number };
  switch (type) {
    case 'entity.parse.failed':
      return new ApiError(400, `Malformed JSON in request body: ${(error as Error).message}`, { code: 'invalid_json' });
    case 'entity.too.large':
      return new ApiError(413, `Request body is larger than the ${limit} limit`, { code: 'request_too_large' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, (error as Error).message, { code: 'unsupported_encoding' });
    default:
      return typeof status === 'number' ? new ApiError(status, 'Could not read the request body') : error;
  }
}
