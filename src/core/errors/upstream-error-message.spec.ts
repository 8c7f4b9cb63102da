import { upstreamErrorToApiError } from './upstream-error-message';

describe(upstreamErrorToApiError.name, () => {
  it('keeps the status and the Anthropic message', () => {
    const error = upstreamErrorToApiError(
      400,
      JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: too large' } }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toBe('max_tokens: too large');
  });

  it('reads OpenAI and Google error bodies and keeps Retry-After', () => {
    const openai = upstreamErrorToApiError(429, JSON.stringify({ error: { message: 'Rate limit reached', type: 'x' } }), '7');
    expect(openai.message).toBe('Rate limit reached');
    expect(openai.options.headers).toEqual({ 'retry-after': '7' });
    expect(upstreamErrorToApiError(503, JSON.stringify({ error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } })).message).toBe(
      'overloaded',
    );
  });

  it('falls back to the text or the status when the body is not JSON', () => {
    expect(upstreamErrorToApiError(502, '<html>bad gateway</html>').message).toBe('<html>bad gateway</html>');
    expect(upstreamErrorToApiError(500, '').message).toBe('Upstream answered 500');
  });
});
