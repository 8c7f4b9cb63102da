/**
 * A refresh that did not produce tokens. `rejected` means WorkOS refused the refresh token itself (invalid_grant): it is
 * dead, retrying cannot help, a person has to sign in again. Messages never contain a token.
 */
export class TokenRefreshError extends Error {
  override readonly name = 'TokenRefreshError';

  constructor(
    message: string,
    readonly rejected = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No usable access token right now; the message says why (last refresh error, next attempt). */
export class CredentialUnavailableError extends Error {
  override readonly name = 'CredentialUnavailableError';
}
