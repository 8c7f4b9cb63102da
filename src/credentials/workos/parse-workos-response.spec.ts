import { TokenRefreshError } from '../token-refresh-error';
import { parseWorkosResponse } from './parse-workos-response';

const ok = {
  user: { object: 'user', id: 'user_01', email: 'dev@example.com', first_name: 'Secret', last_name: 'Person' },
  organization_id: 'org_01',
  access_token: 'eyJ.access.token',
  refresh_token: 'rt-next',
};

function failure(status: number, body: unknown): TokenRefreshError {
  try {
    parseWorkosResponse(status, typeof body === 'string' ? body : JSON.stringify(body), 'rt-sent');
  } catch (error) {
    return error as TokenRefreshError;
  }
  throw new Error('expected a failure');
}

describe(parseWorkosResponse.name, () => {
  it('returns the tokens and only email, user id and organization id', () => {
    expect(parseWorkosResponse(200, JSON.stringify(ok), 'rt-sent')).toEqual({
      accessToken: 'eyJ.access.token',
      refreshToken: 'rt-next',
      identity: { email: 'dev@example.com', userId: 'user_01', organizationId: 'org_01' },
    });
  });

  it('refuses a success without the rotated refresh token', () => {
    const error = failure(200, { ...ok, refresh_token: undefined });
    expect(error.message).toBe('WorkOS answered 200 without access_token and refresh_token');
    expect(error.rejected).toBe(false);
  });

  it('maps invalid_grant to a rejected refresh token with what to do', () => {
    const error = failure(400, { error: 'invalid_grant', error_description: 'Refresh token already exchanged.' });
    expect(error.rejected).toBe(true);
    expect(error.message).toBe(
      'refresh token rejected by WorkOS (invalid_grant: Refresh token already exchanged.): ' +
        'sign in again and update the credential (see README, "Refresh token rejected")',
    );
  });

  it.each([
    [500, { error: 'server_error', error_description: 'Injected failure.' }, 'WorkOS answered 500 (server_error: Injected failure.)'],
    [400, { error: 'invalid_client', error_description: 'Invalid client ID.' }, 'WorkOS answered 400 (invalid_client: Invalid client ID.)'],
    [502, '<html>bad gateway</html>', 'WorkOS answered 502'],
    [429, { message: 'Too many requests' }, 'WorkOS answered 429 (Too many requests)'],
  ])('maps %s to a retryable failure', (status, body, message) => {
    const error = failure(status, body);
    expect(error.rejected).toBe(false);
    expect(error.message).toBe(message);
  });

  // A 5xx (from WorkOS or a proxy in between) never consumed the token, whatever its body says; 408 and 429 ask for
  // a retry by definition. Only a 4xx refusal of the grant itself is final.
  it.each([
    [500, { error: 'invalid_grant', error_description: 'Refresh token already exchanged.' }],
    [502, { error: 'invalid_grant' }],
    [503, { code: 'invalid_grant', message: 'upstream connect error' }],
    [429, { error: 'invalid_grant', error_description: 'Too many requests.' }],
    [408, { error: 'invalid_grant' }],
  ])('keeps %s with an invalid_grant body retryable', (status, body) => {
    const error = failure(status, body);
    expect(error.rejected).toBe(false);
    expect(error.message).toMatch(new RegExp(`^WorkOS answered ${status} \\(invalid_grant`));
  });

  it.each([
    [400, '<html><body>400 Bad Request</body></html>'],
    [401, ''],
    [200, '{"access_token":'],
    [200, '<html>maintenance</html>'],
  ])('keeps %s with an unparseable body retryable', (status, body) => {
    expect(failure(status, body).rejected).toBe(false);
  });

  it('masks the sent token and shortens what WorkOS said', () => {
    const error = failure(400, { error: 'invalid_request', error_description: `bad token rt-sent ${'x'.repeat(500)}` });
    expect(error.message).not.toContain('rt-sent');
    expect(error.message).toContain('[refresh token]');
    expect(error.message.length).toBeLessThan(260);
  });
});
