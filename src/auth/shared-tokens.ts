/**
 * Injection token of the shared token state (a `SharedTokens`, see credential-chain.ts) when REDIS_URL is set, else
 * null.
 */
export const SHARED_TOKENS = Symbol('SHARED_TOKENS');
