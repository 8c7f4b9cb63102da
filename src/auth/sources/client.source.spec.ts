import { ApiError } from '../../core/errors/api-error';
import type { CallContext } from '../../core/http/call-context';
import { ClientSource } from './client.source';

const request = (headers: Record<string, string>): CallContext => ({ headers, signal: new AbortController().signal, context: { requestId: 'r1' } });

describe(ClientSource.name, () => {
  it("passes the client's authorization, or its x-api-key as a Bearer token", async () => {
    const source = new ClientSource();
    expect((await source.acquire(request({ authorization: 'Bearer fk-1' }))).authorization).toBe('Bearer fk-1');
    expect((await source.acquire(request({ 'x-api-key': 'fk-2' }))).authorization).toBe('Bearer fk-2');
    await expect(source.acquire(request({}))).rejects.toMatchObject({ status: 401 });
    expect(source.health().ready).toBe(true);
  });

  it('never uses a client header as the upstream credential while inbound keys are on, and is not ready', async () => {
    const source = new ClientSource(true);
    const refused = source.acquire(request({ authorization: 'Bearer fk-1', 'x-api-key': 'fk-2' }));
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 503 });
    expect(source.health()).toMatchObject({ ready: false, details: { reason: expect.stringContaining('PROXY_API_KEYS') } });
  });
});
