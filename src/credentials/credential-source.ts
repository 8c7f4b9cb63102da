import type { Request } from 'express';
import type { UpstreamResponse } from '../outbound/upstream-response';

/** Where upstream credentials come from, highest priority first. */
export const CREDENTIAL_SOURCE_NAMES = ['accounts', 'factory-api-key', 'droid-refresh-key', 'factory-auth-file', 'client'] as const;
export type CredentialSourceName = (typeof CREDENTIAL_SOURCE_NAMES)[number];

/** Sends one upstream attempt with the given `authorization` value. */
export type UpstreamAttempt = (authorization: string) => Promise<UpstreamResponse>;

/** The credential for one upstream attempt. */
export interface CredentialLease {
  /** The upstream `authorization` header value. */
  authorization: string;
  /**
   * After the upstream answered 401 to `authorization`: a different value worth exactly one retry, or undefined when a
   * retry cannot help. Absent for credentials that cannot be refreshed (a fixed key, the client's own header).
   * Never rejects.
   */
  renew?(): Promise<string | undefined>;
}

/** What /health shows about the credential; `details` never holds a secret. */
export interface CredentialHealth {
  ready: boolean;
  details: Record<string, unknown>;
}

/**
 * One way of obtaining upstream credentials. The chain picks exactly one at start (see credential-chain.ts); the
 * AuthService then asks it for a lease per request and the scheduler calls its `tick`.
 */
export interface CredentialSource {
  readonly name: CredentialSourceName;
  /** Loads saved state (token files); called once before the first request. A broken file is reported, not thrown. */
  init?(): Promise<void>;
  /** The first refresh, at application bootstrap. Never rejects: failures show in `health()`. */
  start?(): Promise<void>;
  /** The scheduler's periodic check (refresh ahead of expiry, retries). Never rejects. */
  tick?(): Promise<void>;
  /** The credential for one request; throws an ApiError (401 or 503) when there is none. */
  acquire(req: Request): Promise<CredentialLease>;
  /**
   * Runs the whole upstream call, retries included, for a source that fails over between credentials (the accounts
   * pool). Returns before any byte reached the client. When absent, AuthService takes one lease and retries a 401
   * once after `renew`.
   */
  send?(req: Request, attempt: UpstreamAttempt): Promise<UpstreamResponse>;
  health(): CredentialHealth;
}
