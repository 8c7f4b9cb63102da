import type { HubError } from '../../hub/hub-stream';

/** Anthropic's error types (https://docs.anthropic.com/en/api/errors); clients retry on some of them by type. */
const ANTHROPIC_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'timeout_error',
  'overloaded_error',
]);

const TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
  503: 'overloaded_error',
};

/** The Anthropic error type for a hub error: the upstream's own when Anthropic has it, else by status, else `api_error`. */
export function messagesErrorType(error: HubError): string {
  if (error.type !== undefined && ANTHROPIC_TYPES.has(error.type)) return error.type;
  return (error.status !== undefined ? TYPE_BY_STATUS[error.status] : undefined) ?? 'api_error';
}
