import { ApiError } from '../core/errors/api-error';

/**
 * A request the client's API or the target upstream cannot express (an audio part for Anthropic, tool-call arguments
 * that are not JSON …). A 400 whose `param` names the offending field, e.g. `messages[3].tool_calls[0].function.arguments`.
 */
export class TranslationError extends ApiError {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(400, `${param}: ${message}`, { code: 'invalid_request', param });
  }
}

/** A 2xx upstream body that is not the shape its API promises; the client gets a 502, not a half-built answer. */
export class UpstreamFormatError extends ApiError {
  constructor(message: string) {
    super(502, message, { code: 'bad_upstream_response' });
  }
}
