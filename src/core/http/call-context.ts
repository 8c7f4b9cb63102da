import type { IncomingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import { onResponseClose } from './on-response-close';
import { requestContext, type RequestContext } from './request-context';

/**
 * What the services below the controllers know of a client request, instead of Express's `req`/`res`: its headers, a
 * signal that fires when the client leaves, and the per-request facts the request log, the metrics and the usage
 * events read. Only the writers that put the answer on the wire get the response object itself.
 */
export interface CallContext {
  /** The client's request headers (lower-cased names, as Node gives them). */
  readonly headers: IncomingHttpHeaders;
  /**
   * Aborted when the client connection closes before the answer is complete: hand it to every upstream call and
   * every reader of an upstream body, so a client that leaves releases the upstream at once.
   */
  readonly signal: AbortSignal;
  /** Facts for the request log, metrics and usage (model, upstream route, credential source, usage …). */
  readonly context: RequestContext;
  /** Who the upstream calls say they come from; set by FactoryIdentityInterceptor before the handler runs. */
  identity?: UpstreamIdentity;
  /**
   * The system prompt this request's upstream body leads with (`''` for none); set by SystemPromptInterceptor, applied
   * by the model's upstream type in that type's format.
   */
  systemPrompt?: string;
}

/** The identity the gateway presents upstream for one client request, the same on every attempt (retries included). */
export interface UpstreamIdentity {
  /** `x-session-id`: the client's, else a new UUID. */
  sessionId: string;
  /** `x-assistant-message-id`: the client's, else a new UUID. */
  messageId: string;
  /** `x-factory-client`. */
  client: string;
  /** `user-agent`: the configured one, its CLI version following Factory's latest when that is on. */
  userAgent: string;
  /** `x-api-provider`: the model's provider or its type's default, set when the model is resolved. */
  apiProvider?: string;
}

const CALL = Symbol('callContext');

/** The request's call context, made once (by the first interceptor or controller that asks) and kept on the request. */
export function callContextOf(req: Request, res: Response): CallContext {
  const holder = req as Request & { [CALL]?: CallContext };
  holder[CALL] ??= createCallContext(req, res);
  return holder[CALL];
}

function createCallContext(req: Request, res: Response): CallContext {
  const abort = new AbortController();
  onResponseClose(res, () => {
    if (!res.writableFinished) abort.abort();
  });
  return { headers: req.headers, signal: abort.signal, context: requestContext(res) };
}
