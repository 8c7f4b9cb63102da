import { RouteLabels, UNMATCHED_ROUTE } from './route-labels';

describe(RouteLabels.name, () => {
  const labels = new RouteLabels(() => [
    { path: '/v1/models', methods: ['get'] },
    { path: '/v1/models/:id', methods: ['get'] },
    { path: '/v1/messages', methods: ['post'] },
    { path: '/v1/messages/count_tokens', methods: ['post'] },
  ]);
  const req = (method: string, path: string, route?: { path: string }) => ({ method, path, route });

  it('uses the pattern Express matched', () => {
    expect(labels.label(req('GET', '/v1/models/gpt-5.1', { path: '/v1/models/:id' }))).toBe('/v1/models/:id');
  });

  it('matches requests refused before routing against the route table, as Express would (case, trailing slash)', () => {
    expect(labels.label(req('POST', '/v1/messages'))).toBe('/v1/messages');
    expect(labels.label(req('POST', '/V1/Messages/'))).toBe('/v1/messages');
    expect(labels.label(req('GET', '/v1/models/some-model'))).toBe('/v1/models/:id');
    expect(labels.label(req('POST', '/v1/messages/count_tokens'))).toBe('/v1/messages/count_tokens');
  });

  it('gives every unknown path one label', () => {
    expect(labels.label(req('GET', '/wp-admin/setup.php'))).toBe(UNMATCHED_ROUTE);
    expect(labels.label(req('POST', '/v1/models/a/b'))).toBe(UNMATCHED_ROUTE);
  });
});
