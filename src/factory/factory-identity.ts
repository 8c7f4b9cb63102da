import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ModelConfig } from '../config/app-config';
import type { UpstreamIdentity } from '../core/http/call-context';
import { clientValue } from '../translation/upstream/shared/header-table';

/** What Factory's CLI says it is: session and message ids (the client's own when it sends them), client, user agent. */
export function factoryIdentity(clientHeaders: IncomingHttpHeaders, userAgent: string): UpstreamIdentity {
  return {
    sessionId: clientValue(clientHeaders, 'x-session-id') ?? randomUUID(),
    messageId: clientValue(clientHeaders, 'x-assistant-message-id') ?? randomUUID(),
    client: 'cli',
    userAgent,
  };
}

/** `x-api-provider`: the model's configured provider, else the default of its upstream type. */
export function apiProviderFor(model: ModelConfig, typeDefault: string): string {
  const configured = model.provider?.trim();
  // A config round-tripped through JSON can carry "null"/"undefined" as text; Factory must never see them.
  if (!configured || ['null', 'undefined'].includes(configured.toLowerCase())) return typeDefault;
  return configured;
}
