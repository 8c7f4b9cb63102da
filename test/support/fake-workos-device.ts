import { randomBytes } from 'node:crypto';
import type { WorkosUser } from './fake-workos';
import { nowSeconds } from './wire-helpers';

// Consonants only, so a user code never spells a word (RFC 8628 section 6.1).
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

interface DeviceAuthorization {
  userCode: string;
  expiresAt: number;
  state: 'pending' | 'approved' | 'denied' | 'expired' | 'consumed';
  user?: WorkosUser;
  lastPollAt?: number;
}

export type DevicePollOutcome =
  | { kind: 'approved'; user: WorkosUser }
  | { kind: 'error'; error: string; description: string };

/** The RFC 8628 device authorization grant as WorkOS implements it. */
export class DeviceFlow {
  /** `interval` handed to clients. */
  intervalSeconds = 5;
  expiresInSeconds = 300;
  /** When true, polling sooner than `intervalSeconds` after the previous poll answers slow_down. */
  enforceInterval = false;
  /** Every device authorization started, newest last; tests read the user_code from here. */
  readonly started: { deviceCode: string; userCode: string }[] = [];

  private readonly byDeviceCode = new Map<string, DeviceAuthorization>();
  private forcedSlowDowns = 0;

  constructor(private readonly baseUrl: () => string) {}

  start(): Record<string, unknown> {
    const deviceCode = randomBytes(24).toString('base64url');
    const letters = Array.from(randomBytes(8), (byte) => USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length]).join('');
    const userCode = `${letters.slice(0, 4)}-${letters.slice(4)}`;
    this.byDeviceCode.set(deviceCode, { userCode, expiresAt: nowSeconds() + this.expiresInSeconds, state: 'pending' });
    this.started.push({ deviceCode, userCode });
    const verificationUri = `${this.baseUrl()}/device`;
    return {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${userCode}`,
      expires_in: this.expiresInSeconds,
      interval: this.intervalSeconds,
    };
  }

  approve(userCode: string, user: WorkosUser): void {
    const authorization = this.find(userCode);
    authorization.state = 'approved';
    authorization.user = user;
  }

  deny(userCode: string): void {
    this.find(userCode).state = 'denied';
  }

  expire(userCode: string): void {
    this.find(userCode).state = 'expired';
  }

  /** The next `count` polls answer slow_down whatever the timing. */
  slowDownNextPolls(count: number): void {
    this.forcedSlowDowns += count;
  }

  poll(deviceCode: string): DevicePollOutcome {
    const authorization = this.byDeviceCode.get(deviceCode);
    if (!authorization) return { kind: 'error', error: 'invalid_grant', description: 'Invalid device code.' };
    const now = Date.now();
    const tooSoon =
      this.enforceInterval && authorization.lastPollAt !== undefined && now - authorization.lastPollAt < this.intervalSeconds * 1000;
    authorization.lastPollAt = now;
    if (authorization.state === 'pending' && nowSeconds() >= authorization.expiresAt) authorization.state = 'expired';
    if (this.forcedSlowDowns > 0 || tooSoon) {
      this.forcedSlowDowns = Math.max(0, this.forcedSlowDowns - 1);
      return { kind: 'error', error: 'slow_down', description: 'Polling too frequently.' };
    }
    switch (authorization.state) {
      case 'pending':
        return { kind: 'error', error: 'authorization_pending', description: 'The authorization request is still pending.' };
      case 'denied':
        return { kind: 'error', error: 'access_denied', description: 'The user denied the authorization request.' };
      case 'expired':
        return { kind: 'error', error: 'expired_token', description: 'The device code has expired.' };
      case 'consumed':
        return { kind: 'error', error: 'invalid_grant', description: 'The device code has already been used.' };
      case 'approved':
        authorization.state = 'consumed';
        return { kind: 'approved', user: authorization.user as WorkosUser };
      default: {
        const unknownState: never = authorization.state;
        throw new Error(`unknown device state ${String(unknownState)}`);
      }
    }
  }

  private find(userCode: string): DeviceAuthorization {
    for (const authorization of this.byDeviceCode.values()) if (authorization.userCode === userCode) return authorization;
    throw new Error(`no device authorization with user_code ${userCode}`);
  }
}
