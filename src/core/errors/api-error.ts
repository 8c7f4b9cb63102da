/**
 * An error the gateway itself reports to the client (bad input, unknown model, upstream unreachable …).
 * The exception filter renders it in the route's own format; `param` names the offending field where there is one.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly options: { code?: string; param?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }

  static badRequest(message: string, param?: string): ApiError {
    return new ApiError(400, message, { code: 'invalid_request', param });
  }

  static notFound(message: string, code = 'not_found'): ApiError {
    return new ApiError(404, message, { code });
  }

  static unauthorized(message: string): ApiError {
    return new ApiError(401, message, { code: 'unauthorized' });
  }
}
