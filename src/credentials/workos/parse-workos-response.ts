import type { RefreshedTokens } from '../token-lifecycle';
import { TokenRefreshError } from '../token-refresh-error';

export const REJECTED_HINT = 'sign in again and update the credential (see README, "Refresh token rejected")';

/**
 * Turns WorkOS's answer to a refresh grant into tokens or a TokenRefreshError. Error messages carry WorkOS's error code
 * and description only, shortened and with the sent token masked, since they end up in logs and /health.
 * https://workos.com/docs/reference/user-management/authentication/refresh-token
 */
export function parseWorkosResponse(status: number, text: string, sentRefreshToken: string): RefreshedTokens {
  const json = parseJson(text);
  if (status >= 200 && status < 300) {
    const accessToken = json?.access_token;
    const refreshToken = json?.refresh_token;
    if (typeof accessToken !== 'string' || !accessToken || typeof refreshToken !== 'string' || !refreshToken) {
      throw new TokenRefreshError(`WorkOS answered ${status} without access_token and refresh_token`);
    }
    const user = isRecord(json?.user) ? json.user : {};
    return {
      accessToken,
      refreshToken,
      identity: {
        email: stringOrUndefined(user.email),
        userId: stringOrUndefined(user.id),
        organizationId: stringOrUndefined(json?.organization_id),
      },
    };
  }

  const code = stringOrUndefined(json?.error) ?? stringOrUndefined(json?.code);
  const description = stringOrUndefined(json?.error_description) ?? stringOrUndefined(json?.message);
  const detail = [code, description].filter(Boolean).join(': ');
  const said = detail ? ` (${clean(detail, sentRefreshToken)})` : '';
  if (code === 'invalid_grant' && refusesTheGrant(status)) {
    throw new TokenRefreshError(`refresh token rejected by WorkOS${said}: ${REJECTED_HINT}`, true);
  }
  throw new TokenRefreshError(`WorkOS answered ${status}${said}`);
}

/**
 * Only a 4xx is WorkOS judging the grant. A 5xx (WorkOS or a proxy in between) says nothing about the token, which was
 * not consumed, whatever its body claims; 408 and 429 ask for a retry by definition.
 */
function refusesTheGrant(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function clean(text: string, secret: string): string {
  const masked = secret ? text.split(secret).join('[refresh token]') : text;
  const oneLine = masked.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
