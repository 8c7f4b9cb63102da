import type { ChatCompletion } from '../chat-completions.types';
import type { ChatResponseContext } from '../provider-strategy';
import { UpstreamFormatError } from '../translation-error';

/** Passed through untouched but for the model, which the client sees as the id it asked for. */
export function fromCommonResponse(body: unknown, ctx: ChatResponseContext): ChatCompletion {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { choices?: unknown }).choices)) {
    throw new UpstreamFormatError('Chat Completions response has no choices array');
  }
  return { ...(body as ChatCompletion), model: ctx.model };
}
