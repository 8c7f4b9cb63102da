/**
 * A failure talking to Factory: a status the upstream answered with, or a transport failure (status 502/504).
 * `isRetryable` tells the account pool whether another attempt (another account) may succeed.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';

  constructor(
    message: string,
    readonly status: number,
    readonly kind: 'status' | 'connect' | 'timeout' | 'aborted',
    readonly details: { headers?: Record<string, string | string[] | undefined>; body?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
  }

  get isRetryable(): boolean {
    if (this.kind === 'connect' || this.kind === 'timeout') return true;
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}
