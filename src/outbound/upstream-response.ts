import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** An upstream answer whose status and headers are known and whose body has not been read yet. */
export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Must be consumed or destroyed. */
  body: Readable;
  /** Which outbound route served the call (`direct` or a proxy name). */
  route: string;
}

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  signal?: AbortSignal;
}

export function isEventStream(upstream: Pick<UpstreamResponse, 'headers'>): boolean {
  return String(upstream.headers['content-type'] ?? '').startsWith('text/event-stream');
}
