import { ApiError } from './api-error';

/**
 * An upstream error answer, re-expressed for an OpenAI client: the upstream's status and message, whatever API
 * family it came from (Anthropic, Responses, Chat Completions, Google). `Retry-After` is kept so clients back off.
 */
export function upstreamErrorToApiError(status: number, bodyText: string, retryAfter?: string): ApiError {
  const message = extractMessage(bodyText) ?? `Upstream answered ${status}`;
  return new ApiError(status, message, {
    code: 'upstream_error',
    headers: retryAfter ? { 'retry-after': retryAfter } : undefined,
  });
}

function extractMessage(bodyText: string): string | undefined {
  let body: any;
  try {
    body = JSON.parse(bodyText);
  } catch {
    const text = bodyText.trim();
    return text ? text.slice(0, 500) : undefined;
  }
  // Anthropic {type:'error', error:{message}}, OpenAI {error:{message}}, Google {error:{message}}, WorkOS-style {message}.
  const candidates = [body?.error?.message, body?.message, typeof body?.error === 'string' ? body.error : undefined];
  return candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate.length > 0);
}
