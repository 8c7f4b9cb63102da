import { Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { HealthModule } from '../health/health.module';
import { ReadinessRegistry } from '../health/readiness.registry';
import { RedisConnection } from './redis-connection';
import { RedisRefreshLock } from './redis-refresh-lock';
import { REDIS, REFRESH_LOCK } from './redis.tokens';

/** Reports on /health and closes the connections at shutdown. */
@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Optional() @Inject(REDIS) private readonly redis: RedisConnection | null,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    const redis = this.redis;
    if (!redis) return;
    // Advisory: with Redis down the replica still serves with the tokens it holds, so it stays in the load balancer;
    // the credentials check turns it unready once it has no valid token left.
    this.readiness.register('redis', () => {
      const state = redis.state;
      const details = { url: redis.location, since: new Date(state.since).toISOString(), ...(state.error && { error: state.error }) };
      return { ready: redis.isUp, advisory: true, details };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close();
  }
}

/**
 * Shared state for several replicas (REDIS_URL): the connection and the cluster-wide refresh lock, both null without
 * REDIS_URL. Imported by the modules that keep state (accounts, auth) and by the root for the rate limit.
 */
@Module({
  imports: [HealthModule],
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      // Connected here, before any provider that reads shared state is created; waits (logging) while unreachable.
      useFactory: async (config: AppConfig) => {
        if (!config.redis) return null;
        const logger = new Logger('Redis');
        const redis = new RedisConnection(config.redis, logger);
        logger.log({ redis: redis.location }, 'connecting to redis (shared state)');
        await redis.connect();
        return redis;
      },
    },
    {
      provide: REFRESH_LOCK,
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: RedisConnection | null) => (redis && config.redis ? new RedisRefreshLock(redis, config.redis.lockTtlMs) : null),
    },
    RedisLifecycle,
  ],
  exports: [REDIS, REFRESH_LOCK],
})
export class RedisModule {}
