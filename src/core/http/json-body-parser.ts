import { json, type NextFunction, type Request, type Response } from 'express';
import { ApiError } from '../errors/api-error';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './json-depth';

/**
 * express.json with the gateway's limit, turning body-parser's failures into ApiErrors so the filter can say what was
 * wrong (Nest would otherwise turn a parse failure into a bare 400 and lose the 413 wording).
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
    // express.json skips a body of another type, which would then read as "no body": say what is actually wrong.
    if (hasBody(req) && !req.is('application/json')) {
      const sent = req.headers['content-type'];
      const got = sent ? `got "${sent}"` : 'none was sent';
      next(new ApiError(415, `Content-Type must be application/json (${got})`, { code: 'unsupported_media_type' }));
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (error) return next(toApiError(error, limit));
      if (nestedDeeperThan(req.body, MAX_JSON_DEPTH)) {
        return next(new ApiError(400, `JSON in request body is nested deeper than ${MAX_JSON_DEPTH} levels`, { code: 'invalid_json' }));
      }
      next();
    });
  };
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
