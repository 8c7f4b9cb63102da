import type { Response } from 'express';

/** Per-request facts that handlers learn and the request log line reports (kept in `res.locals`). */
export interface RequestContext {
  requestId: string;
  /** The model id the client asked for, once the handler has read the body. */
  model?: string;
  /** The configured model it resolved to. */
  resolvedModel?: string;
  /** Which outbound route (`direct` or a proxy name) served the upstream call. */
  upstreamRoute?: string;
}

export function requestContext(res: Response): RequestContext {
  return res.locals as RequestContext;
}
