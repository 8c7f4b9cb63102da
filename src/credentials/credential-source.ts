import type { CallContext } from '../core/http/call-context';
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
  /** The upstream accepted a request made with `authorization` (see TokenLifecycle.markServed). */
  served?(authorization: string): void;
}

/** What /health shows about the credential; `details` never holds a secret. */
export interface CredentialHealth {
  ready: boolean;
  details: Record<string, unknown>;
}

/**
 * One way of obtaining upstream credentials. The chain picks exactly one at start (see credential-chain.ts); the
 * AuthService then asks it for a lease per request (or hands it the whole call, for a source that fails over) and the
 * scheduler calls its `tick`.
 */
export type CredentialSource = LeasingSource | FailoverSource;

interface SourceLifecycle {
  readonly name: CredentialSourceName;
  /** Loads saved state (token files); called once before the first request. A broken file is reported, not thrown. */
  init?(): Promise<void>;
  /** The first refresh, at application bootstrap. Never rejects: failures show in `health()`. */
  start?(): Promise<void>;
  /** The scheduler's periodic check (refresh ahead of expiry, retries). Never rejects. */
  tick?(): Promise<void>;
  health(): CredentialHealth;
}

/** A source with one credential per request: AuthService takes a lease and retries a 401 once after `renew`. */
export interface LeasingSource extends SourceLifecycle {
  /** The credential for one request; throws an ApiError (401 or 503) when there is none. */
  acquire(call: CallContext): Promise<CredentialLease>;
  send?: never;
}

/** A source that fails over between credentials (the accounts pool) and so runs the whole upstream call itself. */
export interface FailoverSource extends SourceLifecycle {
  /** Runs the upstream call, retries included; returns before any byte reached the client. */
  send(call: CallContext, attempt: UpstreamAttempt): Promise<UpstreamResponse>;
  acquire?: never;
}
