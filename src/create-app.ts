import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { AppConfigModule, type ConfigSource } from './config/app-config.module';
import { ApiExceptionFilter } from './core/filters/api-exception.filter';
import { PinoNestLogger, createRootLogger } from './core/logging/pino-logger';
import { requestLogger } from './core/logging/request-logger.middleware';
import { answerClientErrorsInRouteFormat } from './core/http/client-error-responder';
import { composeMiddleware } from './core/http/compose-middleware';
import { onResponseClose } from './core/http/on-response-close';
import { jsonBodyParser } from './core/http/json-body-parser';
import { applyServerLimits } from './core/http/server-limits';
import { DrainService } from './lifecycle/drain.service';
import { MetricsService } from './metrics/metrics.service';
import { UpstreamClient } from './outbound/upstream-client.service';
import { operationsMiddleware } from './security/operations-middleware';

export const BODY_LIMIT = '50mb';
const BODY_LIMIT_BYTES = 50 * 1024 * 1024;

export interface CreateAppOptions {
  /** Where the configuration comes from; the process environment and `.env` by default. */
  config?: ConfigSource;
  /** Tests pass their own pino logger to capture lines. */
  logger?(config: AppConfig): Logger;
}

/**
 * Builds the application exactly as production runs it; main.ts and the e2e tests both call this. Rejects with a
 * ConfigError, before Nest starts, when the configuration is invalid.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const { module: configModule, config } = await AppConfigModule.forRoot(options.config);
  const logger = options.logger?.(config) ?? createRootLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(configModule), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  const server = app.getHttpServer();
  applyServerLimits(server, config, logger);
  answerClientErrorsInRouteFormat(server);
  app.disable('x-powered-by');
  app.set('etag', false);
  const drain = app.get(DrainService);
  const upstream = app.get(UpstreamClient);
  app.get(MetricsService).watchUpstreamPools(() => upstream.poolStats());
  // Every request passes these in order, as one Express layer (see composeMiddleware).
  app.use(
    composeMiddleware([
      (_req, res, next) => {
        onResponseClose(res, drain.trackRequest());
        next();
      },
      requestLogger(logger, config.devMode),
      ...operationsMiddleware(app, config, logger),
      jsonBodyParser(BODY_LIMIT, BODY_LIMIT_BYTES),
    ]),
  );
  app.useGlobalFilters(new ApiExceptionFilter());
  return app;
}
