import type { ChatStreamError } from '../../translation/client/chat-completions/chat-api.types';

export function chatStreamError(message: string, type = 'upstream_error', code: string | null = null): ChatStreamError {
  return { error: { message, type, code, param: null } };
}

/** The upstream closed the body before the event that means "done": the answer is incomplete, say so. */
export function truncatedStreamError(terminalEvent: string): ChatStreamError {
  return chatStreamError(`Upstream stream ended before ${terminalEvent}; the answer is incomplete`, 'upstream_error', 'stream_truncated');
}

export function invalidEventError(detail: string): ChatStreamError {
  return chatStreamError(`Upstream sent an unreadable stream event: ${detail}`, 'upstream_error', 'bad_upstream_event');
}

/** Parses one event's data as a JSON object; `undefined` when it is not one. */
export function parseEventJson(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `{message, type|status, code}` out of any vendor's error object. */
export function errorFromUpstream(error: unknown, fallbackMessage: string): ChatStreamError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const message = typeof e.message === 'string' && e.message ? e.message : fallbackMessage;
  const type = typeof e.type === 'string' ? e.type : typeof e.status === 'string' ? e.status : 'upstream_error';
  const code = typeof e.code === 'string' ? e.code : typeof e.code === 'number' ? String(e.code) : null;
  return chatStreamError(message, type, code);
}
