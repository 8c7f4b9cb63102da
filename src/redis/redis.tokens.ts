/** The RedisConnection when REDIS_URL is set, else null: every consumer keeps its file-based behaviour then. */
export const REDIS = Symbol('REDIS');

/** The cluster-wide RefreshLock (credentials/refresh-lock.ts) when REDIS_URL is set, else null. */
export const REFRESH_LOCK = Symbol('REFRESH_LOCK');
