import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from '../errors/api-error';
import { errorFormatForPath, formatErrorBody, type ErrorDetails } from '../errors/error-format';
import { UpstreamError } from '../../outbound/upstream-error';
import { msSinceStart, requestContext } from '../http/request-context';

/**
 * The one place errors become responses: every route answers in its client's own error format, never with HTML or a
 * stack trace, and nothing is written once headers are out (a stream that fails midway is ended, not re-answered).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const details = toErrorDetails(exception);

    if (details.status >= 500) {
      this.logger.error(
        { reqId: requestContext(response).requestId, err: describe(exception), path: request.path, ...upstreamDetails(exception) },
        'request failed',
      );
    }
    if (response.headersSent) {
      if (!response.writableEnded) response.end();
      return;
    }
    const headers = exception instanceof ApiError ? exception.options.headers : undefined;
    if (headers) response.set(headers);
    // The error body is the answer's first byte, for the request log and metrics.
    const context = requestContext(response);
    context.ttfbMs ??= msSinceStart(context);
    response.status(details.status).json(formatErrorBody(errorFormatForPath(request.path), details));
  }
}

export function toErrorDetails(exception: unknown): ErrorDetails {
  if (exception instanceof ApiError) {
    return { status: exception.status, message: exception.message, ...exception.options };
  }
  if (exception instanceof UpstreamError) {
    return { status: exception.status, message: exception.message, code: `upstream_${exception.kind}` };
  }
  if (exception instanceof HttpException) {
    return { status: exception.getStatus(), message: httpExceptionMessage(exception) };
  }
  // Other express middleware errors carry an http status.
  const httpish = exception as { status?: unknown; statusCode?: unknown };
  const status = Number(httpish?.status ?? httpish?.statusCode);
  if (Number.isInteger(status) && status >= 400 && status < 600) return { status, message: 'Bad request' };
  return { status: 500, message: 'Internal server error' };
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (exception.getStatus() === 404 && typeof response === 'object' && /^Cannot \w+ /.test(exception.message)) {
    return `Unknown route: ${exception.message.replace(/^Cannot /, '')}`;
  }
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Where an upstream call went and what the transport said: for the log, never for the client's body. */
function upstreamDetails(exception: unknown): { upstream?: string; cause?: string } {
  if (!(exception instanceof UpstreamError)) return {};
  const cause = exception.cause instanceof Error ? exception.cause.message : undefined;
  return { upstream: exception.details.target, ...(cause ? { cause } : {}) };
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
