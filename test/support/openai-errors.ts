import type { Rejection } from './api-family';

const ERROR_TYPES: Record<number, { type: string; code: string | null }> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  402: { type: 'insufficient_quota', code: 'insufficient_quota' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
};

/** OpenAI's error envelope, shared by Responses and Chat Completions. */
export function openAiErrorBody(status: number, rejection: Rejection): unknown {
  const known = ERROR_TYPES[status] ?? { type: 'server_error', code: null };
  return {
    error: {
      message: rejection.message,
      type: known.type,
      param: rejection.param ?? null,
      code: rejection.code !== undefined ? rejection.code : known.code,
    },
  };
}

export function missingParameter(param: string): Rejection {
  return { message: `Missing required parameter: '${param}'.`, param, code: 'missing_required_parameter' };
}

export function invalidType(param: string, expected: string, value: unknown): Rejection {
  const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
  return {
    message: `Invalid type for '${param}': expected ${expected}, but got ${got} instead.`,
    param,
    code: 'invalid_type',
  };
}

export function invalidValue(param: string, value: unknown, supported: readonly string[]): Rejection {
  const list = supported.map((item) => `'${item}'`).join(', ');
  return {
    message: `Invalid value: '${String(value)}'. Supported values are: ${list}.`,
    param,
    code: 'invalid_value',
  };
}
