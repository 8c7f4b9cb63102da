/** Which wire format a route's errors use: the client's own. */
export type ErrorFormat = 'openai' | 'anthropic' | 'google';

export function errorFormatForPath(path: string): ErrorFormat {
  if (path.startsWith('/v1/messages')) return 'anthropic';
  if (path.startsWith('/v1/generate')) return 'google';
  return 'openai';
}

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'invalid_request_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  431: 'invalid_request_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

const OPENAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  431: 'invalid_request_error',
};

const GOOGLE_STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  431: 'INVALID_ARGUMENT',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export interface ErrorDetails {
  status: number;
  message: string;
  code?: string;
  param?: string;
}

/** The JSON body of an error in the given format. */
export function formatErrorBody(format: ErrorFormat, { status, message, code, param }: ErrorDetails): object {
  switch (format) {
    case 'anthropic':
      return { type: 'error', error: { type: ANTHROPIC_TYPES[status] ?? 'api_error', message } };
    case 'google':
      return { error: { code: status, message, status: GOOGLE_STATUSES[status] ?? 'INTERNAL' } };
    case 'openai':
      return {
        error: {
          message,
          type: OPENAI_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
          code: code ?? null,
          param: param ?? null,
        },
      };
    default: {
      const unreachable: never = format;
      throw new Error(`unknown error format ${String(unreachable)}`);
    }
  }
}
