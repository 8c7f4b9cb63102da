import { parseWorkosResponse } from '../../credentials/workos/parse-workos-response';
import type { RefreshedTokens } from '../../credentials/token-lifecycle';
import type { UpstreamClient } from '../../outbound/upstream-client.service';
import { readBodyText } from '../../outbound/read-body';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
// RFC 8628 section 3.5: each slow_down adds 5 seconds to the polling interval.
const SLOW_DOWN_STEP_MS = 5_000;

/** What the person has to do: open the URL (the code is in it) or enter the code at the short URL. */
export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresInMs: number;
  intervalMs: number;
}

export type PollResult =
  | { kind: 'tokens'; tokens: RefreshedTokens }
  | { kind: 'pending' }
  | { kind: 'slow_down' }
  | { kind: 'denied' }
  | { kind: 'expired' }
  | { kind: 'failed'; message: string };

/**
 * The WorkOS device authorization grant (RFC 8628) as Factory's CLI sign-in uses it:
 * https://workos.com/docs/reference/user-management/authentication/device-code
 */
export class DeviceAuthorizationClient {
  constructor(
    private readonly http: UpstreamClient,
    private readonly options: { apiUrl: string; clientId: string; timeoutMs: number },
  ) {}

  async start(): Promise<DeviceAuthorization> {
    const { status, text } = await this.post('/user_management/authorize/device', { client_id: this.options.clientId });
    const json = parseJson(text);
    const field = (name: string): string | undefined => {
      const value = json?.[name];
      return typeof value === 'string' ? value : undefined;
    };
    const deviceCode = field('device_code');
    const userCode = field('user_code');
    const verificationUri = field('verification_uri');
    if (status !== 200 || !deviceCode || !userCode || !verificationUri) {
      throw new Error(`WorkOS did not start a device sign-in (${status}${describeError(json)})`);
    }
    return {
      deviceCode,
      userCode,
      verificationUri,
      verificationUriComplete: field('verification_uri_complete') ?? verificationUri,
      expiresInMs: positive(json?.expires_in, 300) * 1000,
      intervalMs: positive(json?.interval, 5) * 1000,
    };
  }

  async poll(deviceCode: string): Promise<PollResult> {
    const { status, text } = await this.post('/user_management/authenticate', {
      grant_type: DEVICE_GRANT,
      device_code: deviceCode,
      client_id: this.options.clientId,
    });
    if (status >= 200 && status < 300) {
      try {
        return { kind: 'tokens', tokens: parseWorkosResponse(status, text, '') };
      } catch (error) {
        return { kind: 'failed', message: (error as Error).message };
      }
    }
    const json = parseJson(text);
    switch (json?.error) {
      case 'authorization_pending':
        return { kind: 'pending' };
      case 'slow_down':
        return { kind: 'slow_down' };
      case 'access_denied':
        return { kind: 'denied' };
      case 'expired_token':
        return { kind: 'expired' };
      default:
        return { kind: 'failed', message: `WorkOS answered ${status}${describeError(json)}` };
    }
  }

  private async post(path: string, form: Record<string, string>): Promise<{ status: number; text: string }> {
    const response = await this.http.post({
      url: `${this.options.apiUrl.replace(/\/+$/, '')}${path}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    return { status: response.status, text: await readBodyText(response.body, 64 * 1024) };
  }
}

export interface WaitOptions {
  sleep(ms: number): Promise<void>;
  now(): number;
  /** Called before each wait with the time left until the code expires. */
  onWait?(leftMs: number, intervalMs: number): void;
  onSlowDown?(intervalMs: number): void;
}

export type WaitResult = { kind: 'tokens'; tokens: RefreshedTokens } | { kind: 'denied' } | { kind: 'expired' } | { kind: 'failed'; message: string };

/** Polls at the interval WorkOS asked for (longer after each slow_down) until tokens, denial or expiry. */
export async function waitForApproval(
  client: Pick<DeviceAuthorizationClient, 'poll'>,
  authorization: DeviceAuthorization,
  options: WaitOptions,
): Promise<WaitResult> {
  const deadline = options.now() + authorization.expiresInMs;
  let interval = authorization.intervalMs;
  for (;;) {
    const left = deadline - options.now();
    if (left <= 0) return { kind: 'expired' };
    options.onWait?.(left, interval);
    await options.sleep(Math.min(interval, left));
    const result = await client.poll(authorization.deviceCode);
    switch (result.kind) {
      case 'pending':
        continue;
      case 'slow_down':
        interval += SLOW_DOWN_STEP_MS;
        options.onSlowDown?.(interval);
        continue;
      case 'tokens':
      case 'denied':
      case 'expired':
      case 'failed':
        return result;
      default: {
        const unreachable: never = result;
        throw new Error(`unknown poll result ${JSON.stringify(unreachable)}`);
      }
    }
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describeError(json: Record<string, unknown> | undefined): string {
  const parts = [json?.error, json?.error_description ?? json?.message].filter((part) => typeof part === 'string');
  return parts.length ? `: ${parts.join(': ')}` : '';
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
