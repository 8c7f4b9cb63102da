/**
 * A failure to get an answer from Factory: a transport failure (connect → 502, timeout → 504), a body that was not
 * what its API promises, or the client leaving first (`aborted`, nobody to answer). Upstream error answers themselves
 * are not exceptions: they travel back as responses, and the account pool classifies them by status.
 *
 * The message goes to clients, so it never names the upstream's address ("Upstream unreachable (ECONNREFUSED)");
 * `details.target` (origin and outbound proxy) is for the log only.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';

  constructor(
    message: string,
    readonly status: number,
    readonly kind: 'status' | 'connect' | 'timeout' | 'aborted',
    readonly details: { cause?: unknown; target?: string } = {},
  ) {
    super(message, { cause: details.cause });
  }
}
