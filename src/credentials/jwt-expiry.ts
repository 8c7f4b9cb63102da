/** Used when an access token carries no `exp`: WorkOS access tokens for Factory live about this long. */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_MS = 8 * 3_600_000;

/**
 * The `exp` claim of a JWT-shaped token in epoch milliseconds, or undefined when the token is not a JWT or has no
 * numeric `exp`. The signature is not checked: the value only schedules our own refresh, Factory does the verifying.
 */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const exp = (payload as { exp?: unknown } | null)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
}

/** When a freshly issued access token expires: its JWT `exp`, else `issuedAt` + 8 h. */
export function accessTokenExpiry(token: string, issuedAt: number): number {
  return jwtExpiry(token) ?? issuedAt + DEFAULT_ACCESS_TOKEN_LIFETIME_MS;
}
