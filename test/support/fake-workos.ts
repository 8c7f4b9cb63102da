import { randomBytes } from 'node:crypto';
import type { RecordedRequest } from './recorded-request';
import type { ReplyChannel } from './reply-channel';
import { DeviceFlow } from './fake-workos-device';
import { isRecord, nowSeconds } from './wire-helpers';

export interface WorkosUser {
  id: string;
  email: string;
}

/** One call to the refresh grant, whatever its outcome. */
export interface RefreshCall {
  refreshToken: string;
  clientId: string | undefined;
  outcome: 'issued' | 'reused' | 'unknown' | 'revoked' | 'injected-failure' | 'missing-client-id';
  at: number;
}

interface RefreshRecord {
  user: WorkosUser;
  organizationId: string;
  state: 'fresh' | 'exchanged' | 'revoked';
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * WorkOS User Management as Factory's login uses it: rotating refresh tokens that are valid exactly once, JWT-shaped
 * access tokens with an `exp`, and the device authorization flow. Faults are injected per call.
 */
export class FakeWorkos {
  /** Lifetime written into the `exp` of new access tokens. */
  accessTokenTtlSeconds = 3600;
  /** When set, a different client_id is refused with invalid_client. */
  expectedClientId: string | undefined;
  readonly refreshCalls: RefreshCall[] = [];
  reusedTokenAttempts = 0;
  readonly device: DeviceFlow;

  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly accessTokens = new Map<string, { exp: number; user: WorkosUser }>();
  private readonly injectedFailures: { status: number; body: unknown }[] = [];
  private readonly injectedDelays: number[] = [];
  private userCounter = 0;

  constructor(baseUrl: () => string) {
    this.device = new DeviceFlow(baseUrl);
  }

  /** Makes `token` exchangeable once, for the user with this email. */
  seedRefreshToken(token: string, user: { email: string; id?: string; organizationId?: string }): void {
    this.refreshTokens.set(token, {
      user: { id: user.id ?? this.userIdFor(user.email), email: user.email },
      organizationId: user.organizationId ?? 'org_fake_factory',
      state: 'fresh',
    });
  }

  revokeRefreshToken(token: string): void {
    const record = this.refreshTokens.get(token);
    if (record) record.state = 'revoked';
  }

  /** The one refresh token of this user that can still be exchanged, if any. */
  currentRefreshToken(email: string): string | undefined {
    let current: string | undefined;
    for (const [token, record] of this.refreshTokens) {
      if (record.user.email === email && record.state === 'fresh') current = token;
    }
    return current;
  }

  /**
   * The next `count` refresh calls answer `status` without consuming their token. `body` replaces the OAuth-style
   * server_error body: an object is sent as JSON, a string as text/html (what a proxy in front of WorkOS answers).
   */
  failNextRefreshes(count: number, status = 500, body: unknown = { error: 'server_error', error_description: 'Injected failure.' }): void {
    for (let index = 0; index < count; index += 1) this.injectedFailures.push({ status, body });
  }

  /** The next `count` refresh calls wait `ms` before answering (the token is consumed on arrival, as a real server would). */
  delayNextRefreshes(ms: number, count = 1): void {
    for (let index = 0; index < count; index += 1) this.injectedDelays.push(ms);
  }

  approveDevice(userCode: string, user: { email: string; id?: string } = { email: 'device-user@example.com' }): void {
    this.device.approve(userCode, { id: user.id ?? this.userIdFor(user.email), email: user.email });
  }

  denyDevice(userCode: string): void {
    this.device.deny(userCode);
  }

  /** 'valid' or 'expired' for access tokens this fake issued, undefined for anything else. */
  accessTokenStatus(token: string): 'valid' | 'expired' | undefined {
    const issued = this.accessTokens.get(token);
    if (!issued) return undefined;
    return issued.exp > nowSeconds() ? 'valid' : 'expired';
  }

  async handle(request: RecordedRequest, channel: ReplyChannel): Promise<void> {
    const form: Record<string, unknown> = isRecord(request.body) ? request.body : {};
    if (request.path === '/user_management/authorize/device') {
      if (typeof form.client_id !== 'string') return this.oauthError(channel, 400, 'invalid_request', 'client_id is required.');
      channel.sendJson(200, this.device.start());
      return;
    }
    if (request.path !== '/user_management/authenticate') {
      channel.sendJson(404, { message: `FakeWorkos has no route ${request.path}` });
      return;
    }
    if (typeof form.client_id !== 'string' || form.client_id === '') {
      if (form.grant_type === 'refresh_token') this.logRefresh(form, 'missing-client-id');
      return this.oauthError(channel, 400, 'invalid_request', 'client_id is required.');
    }
    if (this.expectedClientId !== undefined && form.client_id !== this.expectedClientId) {
      return this.oauthError(channel, 400, 'invalid_client', 'Invalid client ID.');
    }
    switch (form.grant_type) {
      case 'refresh_token':
        return this.refresh(form, channel);
      case DEVICE_GRANT: {
        const outcome = this.device.poll(String(form.device_code));
        if (outcome.kind === 'approved') channel.sendJson(200, this.issue(outcome.user, 'org_fake_factory'));
        else this.oauthError(channel, 400, outcome.error, outcome.description);
        return;
      }
      default:
        return this.oauthError(channel, 400, 'unsupported_grant_type', `Unsupported grant_type ${String(form.grant_type)}.`);
    }
  }

  private async refresh(form: Record<string, unknown>, channel: ReplyChannel): Promise<void> {
    const token = refreshTokenOf(form);
    const failure = this.injectedFailures.shift();
    if (failure !== undefined) {
      this.logRefresh(form, 'injected-failure');
      if (typeof failure.body === 'string') channel.sendText(failure.status, failure.body, { 'content-type': 'text/html' });
      else channel.sendJson(failure.status, failure.body);
      return;
    }
    const record = this.refreshTokens.get(token);
    if (!record) {
      this.logRefresh(form, 'unknown');
      return this.oauthError(channel, 400, 'invalid_grant', 'Invalid refresh token.');
    }
    if (record.state === 'exchanged') {
      this.reusedTokenAttempts += 1;
      this.logRefresh(form, 'reused');
      return this.oauthError(channel, 400, 'invalid_grant', 'Refresh token already exchanged.');
    }
    if (record.state === 'revoked') {
      this.logRefresh(form, 'revoked');
      return this.oauthError(channel, 400, 'invalid_grant', 'Session has been revoked.');
    }
    record.state = 'exchanged';
    this.logRefresh(form, 'issued');
    const reply = this.issue(record.user, record.organizationId);
    await channel.pause(this.injectedDelays.shift() ?? 0);
    channel.sendJson(200, reply);
  }

  /** Mints an access token and a fresh refresh token (the rotation). */
  private issue(user: WorkosUser, organizationId: string): Record<string, unknown> {
    const issuedAt = nowSeconds();
    const exp = issuedAt + this.accessTokenTtlSeconds;
    const accessToken = fakeJwt({
      iss: 'https://api.workos.com/user_management/client_fake',
      sub: user.id,
      sid: `session_${randomBytes(8).toString('hex')}`,
      org_id: organizationId,
      iat: issuedAt,
      exp,
      jti: randomBytes(8).toString('hex'),
    });
    const refreshToken = randomBytes(24).toString('base64url');
    this.accessTokens.set(accessToken, { exp, user });
    this.refreshTokens.set(refreshToken, { user, organizationId, state: 'fresh' });
    return {
      user: { object: 'user', id: user.id, email: user.email, email_verified: true, first_name: null, last_name: null },
      organization_id: organizationId,
      access_token: accessToken,
      refresh_token: refreshToken,
    };
  }

  private logRefresh(form: Record<string, unknown>, outcome: RefreshCall['outcome']): void {
    const clientId = typeof form.client_id === 'string' ? form.client_id : undefined;
    this.refreshCalls.push({ refreshToken: refreshTokenOf(form), clientId, outcome, at: Date.now() });
  }

  private oauthError(channel: ReplyChannel, status: number, error: string, description: string): void {
    channel.sendJson(status, { error, error_description: description });
  }

  private userIdFor(email: string): string {
    for (const record of this.refreshTokens.values()) if (record.user.email === email) return record.user.id;
    this.userCounter += 1;
    return `user_fake${String(this.userCounter).padStart(6, '0')}`;
  }
}

function refreshTokenOf(form: Record<string, unknown>): string {
  return typeof form.refresh_token === 'string' ? form.refresh_token : '';
}

/** header.payload.signature with base64url JSON; the signature is random bytes, nobody verifies it. */
export function fakeJwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'fake_key' })}.${encode(payload)}.${randomBytes(32).toString('base64url')}`;
}

/** Reads the payload of a JWT-shaped token (no verification). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
