import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { onResponseClose } from '../http/on-response-close';
import { requestContext } from '../http/request-context';
import { redactHeaders, redactSecrets } from './redact';

const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Accepts or generates `x-request-id`, echoes it, and writes one log line per request when the response closes.
 * In dev mode the line also carries the request headers and body, credentials redacted.
 */
export function requestLogger(logger: Logger, devMode: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    requestContext(res).requestId = requestId;
    requestContext(res).startedAt = started;
    res.setHeader('x-request-id', requestId);

    onResponseClose(res, () => {
      const context = requestContext(res);
      const line: Record<string, unknown> = {
        reqId: requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      };
      if (context.model) line.model = context.model;
      if (context.resolvedModel && context.resolvedModel !== context.model) line.resolvedModel = context.resolvedModel;
      if (context.upstreamRoute) line.upstreamRoute = context.upstreamRoute;
      if (!res.writableFinished) line.aborted = true;
      if (devMode) {
        line.headers = redactHeaders(req.headers);
        line.body = redactSecrets(req.body);
      }
      logger.info(line, 'request');
    });
    next();
  };
}
