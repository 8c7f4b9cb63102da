import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { ModelConfig, UpstreamType } from '../config/app-config';
import { onResponseClose } from '../core/http/on-response-close';
import { requestContext, type RequestContext } from '../core/http/request-context';
import type { MetricsService } from './metrics.service';
import type { RouteLabels } from './route-labels';

export interface RequestObserverOptions {
  metrics: MetricsService;
  routes: RouteLabels;
  /** Configured models by id: the only model label values allowed. */
  models: ReadonlyMap<string, ModelConfig>;
  /** Called for each model call (POST /v1/*) that got past the key check, with what was observed. */
  recordUsage(context: RequestContext, observed: ObservedRequest): void;
  clientIp(req: Request): string | undefined;
  /** Whether inbound keys are on: then requests without a key name were refused and produce no usage event. */
  keysRequired(): boolean;
}

/** What the observer measured itself, for where the handler left the request context empty. */
export interface ObservedRequest {
  route: string;
  status: number;
  durationMs: number;
  ttfbMs: number | undefined;
  streamed: boolean;
  aborted: boolean;
  upstreamType: UpstreamType | undefined;
  clientIp: string | undefined;
}

/** nginx's code for "the client closed the request before an answer": logged instead of a status never sent. */
const CLIENT_CLOSED = 499;

/**
 * One listener per request, on close, feeding both the metrics and the usage log from the request context, which
 * the handlers and the error filter fill in (time to first byte, bytes, streamed): nothing here runs per write, so a
 * stream costs the observer nothing per event. Usage events are
 * written for POST /v1/* (the model calls) only, and not for requests refused for a missing or wrong key, so
 * unauthenticated traffic cannot fill the usage sinks.
 */
export function requestObserver(options: RequestObserverOptions) {
  const logger = new Logger('RequestObserver');
  return (req: Request, res: Response, next: NextFunction): void => {
    const arrived = process.hrtime.bigint();
    onResponseClose(res, () => {
      try {
        observe(req, res, arrived, options);
      } catch (error) {
        logger.warn({ err: String(error) }, 'could not record request metrics');
      }
    });
    next();
  };
}

function observe(req: Request, res: Response, arrived: bigint, options: RequestObserverOptions): void {
  const context = requestContext(res);
  const startedAt = context.startedAt ?? arrived;
  const aborted = !res.writableFinished;
  const status = aborted && !res.headersSent ? CLIENT_CLOSED : res.statusCode;
  const route = options.routes.label(req);
  const model = context.resolvedModel === undefined ? undefined : options.models.get(context.resolvedModel);
  const upstreamType = context.upstreamType ?? model?.type;
  const upstreamCalled = context.upstreamLatencyMs !== undefined || context.upstreamRoute !== undefined;
  const ttfbMs = context.ttfbMs;
  const streamed = context.streamed ?? false;

  options.metrics.requestFinished({
    route,
    model: model?.id ?? 'unknown',
    status,
    key: context.inboundKeyName ?? 'none',
    // Latency and byte series are about upstream calls: requests refused before one (400, 401, 429) stay out.
    upstreamType: upstreamCalled ? upstreamType : undefined,
    upstreamLatencyMs: context.upstreamLatencyMs,
    ttfbMs,
    streamed,
    bytesOut: context.bytesOut ?? 0,
  });

  if (req.method !== 'POST' || !req.path.toLowerCase().startsWith('/v1/')) return;
  if (options.keysRequired() && context.inboundKeyName === undefined) return;
  options.recordUsage(context, {
    route,
    status,
    durationMs: msBetween(startedAt, process.hrtime.bigint()),
    ttfbMs,
    streamed,
    aborted,
    upstreamType,
    clientIp: options.clientIp(req),
  });
}

function msBetween(from: bigint, to: bigint): number {
  return Number(to - from) / 1e6;
}
