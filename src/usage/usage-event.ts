import type { UpstreamType } from '../config/app-config';
import type { RequestContext } from '../core/http/request-context';
import type { ObservedRequest } from '../metrics/request-observer.middleware';

/**
 * One completed request, as the usage log and the external sink record it. Absent facts are `null`, so every event
 * has the same fields. Never carries a secret: the inbound key appears by name, the upstream credential by source.
 */
export interface UsageEvent {
  event: 'usage';
  requestId: string | null;
  route: string;
  /** The model the client asked for (truncated), and the configured model it resolved to. */
  model: string | null;
  resolvedModel: string | null;
  upstreamType: UpstreamType | null;
  credentialSource: string | null;
  accountId: string | null;
  /** Inbound key name. */
  key: string | null;
  status: number;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
  durationMs: number;
  ttfbMs: number | null;
  streamed: boolean;
  /** The client left before the response finished. */
  aborted: boolean;
  clientIp: string | null;
}

// The requested model is the client's free text: bounded so a log line cannot be inflated through it.
const MAX_MODEL_LENGTH = 200;

export function buildUsageEvent(context: RequestContext, facts: ObservedRequest): UsageEvent {
  const usage = context.usage;
  return {
    event: 'usage',
    requestId: context.requestId ?? null,
    route: facts.route,
    model: context.model === undefined ? null : context.model.slice(0, MAX_MODEL_LENGTH),
    resolvedModel: context.resolvedModel ?? null,
    upstreamType: facts.upstreamType ?? null,
    credentialSource: context.credentialSource ?? null,
    accountId: context.accountId ?? null,
    key: context.inboundKeyName ?? null,
    status: facts.status,
    inputTokens: usage?.inputTokens ?? null,
    outputTokens: usage?.outputTokens ?? null,
    cachedTokens: usage?.cachedTokens ?? null,
    durationMs: roundMs(facts.durationMs),
    ttfbMs: facts.ttfbMs === undefined ? null : roundMs(facts.ttfbMs),
    streamed: facts.streamed,
    aborted: facts.aborted,
    clientIp: facts.clientIp ?? null,
  };
}

function roundMs(value: number): number {
  return Math.round(value * 10) / 10;
}
