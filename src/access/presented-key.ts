import type { IncomingHttpHeaders } from 'node:http';

/**
 * The keys a client presents: `x-api-key` (Claude Code, Anthropic SDKs) and `Authorization: Bearer` (OpenAI SDKs).
 * Both are returned when both are sent, since some clients send their own provider key in one of them.
 */
export function presentedKeys(headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) keys.push(apiKey.trim());
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
  if (bearer) keys.push(bearer);
  return keys;
}
