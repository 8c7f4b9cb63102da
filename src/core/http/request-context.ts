import type { Response } from 'express';
import type { UpstreamType } from '../../config/app-config';

/** Token counts as the upstream reported them (streams included). */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
}

/**
 * Per-request facts that handlers learn and the request log line, the usage log and the metrics report
 * (kept in `res.locals`, so nothing request-scoped has to be injected).
 */
export interface RequestContext {
  requestId: string;
  /** The model id the client asked for, once the handler has read the body. */
  model?: string;
  /** The configured model it resolved to. */
  resolvedModel?: string;
  upstreamType?: UpstreamType;
  /** Which outbound route (`direct` or a proxy name) served the upstream call. */
  upstreamRoute?: string;
  /** Where the upstream credential came from (`accounts`, `factory_api_key`, …) — never the credential. */
  credentialSource?: string;
  /** The pool account that served the request, when the accounts pool is in use. */
  accountId?: string;
  /** The name of the inbound access key the client used, when keys are configured — never the key. */
  inboundKeyName?: string;
  /** Milliseconds from the request's start to the upstream's response headers. */
  upstreamLatencyMs?: number;
  /** Milliseconds from the request's start to the first body byte written to the client. */
  ttfbMs?: number;
  /** Whether the response was an event stream. */
  streamed?: boolean;
  /** Body bytes written to the client. */
  bytesOut?: number;
  usage?: TokenUsage;
  /** `process.hrtime.bigint()` when the request arrived. */
  startedAt?: bigint;
}

export function requestContext(res: Response): RequestContext {
  return res.locals as RequestContext;
}

/** Milliseconds since the request arrived, once the request logger has stamped it. */
export function msSinceStart(context: Pick<RequestContext, 'startedAt'>): number | undefined {
  return context.startedAt === undefined ? undefined : Number(process.hrtime.bigint() - context.startedAt) / 1e6;
}
