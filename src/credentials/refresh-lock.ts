/**
 * A cluster-wide lock per credential, held while its refresh token is exchanged and the rotated set is written, so
 * that across every replica one refresh token is sent at most once. Without shared state there is none: the
 * in-process single flight (TokenLifecycle) is then the whole guarantee.
 */
export interface RefreshLock {
  /**
   * Runs `work` while holding the lock named `name`, waiting for another holder to finish (at most the lock's TTL).
   * Rejects with RefreshLockUnavailableError, without running `work`, when the lock cannot be had.
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** No refresh without the lock: Redis is unreachable, or another holder kept it longer than its TTL allows. */
export class RefreshLockUnavailableError extends Error {
  override readonly name = 'RefreshLockUnavailableError';
}
