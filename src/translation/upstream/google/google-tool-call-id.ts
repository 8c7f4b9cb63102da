import { randomUUID } from 'node:crypto';

/**
 * Gemini function calls usually carry no id, but every client API needs one to pair the result with its call. Made
 * from the response id (unique across a conversation), or a random one when the upstream gave none.
 */
export function googleToolCallId(responseId: string | undefined, index: number, upstreamId: string | undefined): string {
  if (upstreamId) return upstreamId;
  return `call_${responseId ?? randomUUID().replace(/-/g, '').slice(0, 16)}_${index}`;
}
