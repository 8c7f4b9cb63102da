import type { HubError } from '../../hub/hub-stream';

/**
 * Anthropic names its error types; the HTTP status each stands for lets client encoders answer in their own terms.
 * https://docs.anthropic.com/en/api/errors
 */
const STATUS_BY_ERROR_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  insufficient_quota: 429,
  api_error: 500,
  server_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** Google's `status` names (https://cloud.google.com/apis/design/errors#handling_errors). */
const STATUS_BY_GOOGLE_STATUS: Readonly<Record<string, number>> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/**
 * Any vendor's error object (`{type, message}`, `{code, message}`, `{code: 429, status: 'RESOURCE_EXHAUSTED'}`) as a
 * hub error: the vendor's own type or code kept, a status when one can be told.
 */
export function hubErrorFrom(error: unknown, fallbackMessage: string): HubError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const message = typeof e.message === 'string' && e.message ? e.message : fallbackMessage;
  const type = firstString(e.type, e.code, e.status);
  const hub: HubError = { message };
  if (type !== undefined) hub.type = type;
  const status =
    typeof e.code === 'number' ? e.code : (STATUS_BY_ERROR_TYPE[type ?? ''] ?? STATUS_BY_GOOGLE_STATUS[type ?? '']);
  if (status !== undefined) hub.status = status;
  return hub;
}

/** An event whose data is not the JSON object its API promises. */
export function unreadableEventError(eventName: string | undefined): HubError {
  return { message: `Upstream sent an unreadable stream event (${eventName ?? 'message'}): not a JSON object`, type: 'bad_upstream_event', status: 502 };
}

/** Parses one event's data as a JSON object; `undefined` when it is not one. */
export function parseEventObject(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value !== '');
}
