/**
 * A failure to get an answer from Factory: a transport failure (connect → 502, timeout → 504), a body that was not
 * what its API promises, or the client leaving first (`aborted`, nobody to answer). Upstream error answers themselves
 * are not exceptions: they travel back as responses, and the account pool classifies them by status.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';

  constructor(
    message: string,
    readonly status: number,
    readonly kind: 'status' | 'connect' | 'timeout' | 'aborted',
    readonly details: { cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
  }
}
