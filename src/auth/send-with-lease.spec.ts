import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { CallContext } from '../core/http/call-context';
import type { CredentialLease, LeasingSource } from '../credentials/credential-source';
import type { UpstreamResponse } from '../outbound/upstream-response';
import { sendWithLease } from './send-with-lease';

const call: CallContext = { headers: {}, signal: new AbortController().signal, context: { requestId: 'r1' } };

function reply(status: number, body: string): UpstreamResponse & { body: Readable } {
  return { status, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from(body)]), route: 'direct' };
}

/** A source handing out the given lease. */
function leasing(lease: CredentialLease): LeasingSource {
  return { name: 'droid-refresh-key', acquire: jest.fn(async () => lease), health: () => ({ ready: true, details: {} }) };
}

describe(sendWithLease.name, () => {
  it('passes anything but a 401 straight through, with one attempt', async () => {
    const renew = jest.fn();
    const source = leasing({ authorization: 'Bearer a', renew });
    const attempt = jest.fn(async () => reply(429, 'slow down'));
    const response = await sendWithLease(source, call, attempt);
    expect(response.status).toBe(429);
    expect(await text(response.body)).toBe('slow down');
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(renew).not.toHaveBeenCalled();
  });

  it('on a 401 discards the body, renews once and retries once with the new credential', async () => {
    const renew = jest.fn(async () => 'Bearer b');
    const source = leasing({ authorization: 'Bearer a', renew });
    const refused = reply(401, '{"error":"expired"}');
    const attempt = jest.fn(async (authorization: string) => (authorization === 'Bearer a' ? refused : reply(200, 'ok')));
    const response = await sendWithLease(source, call, attempt);
    expect(attempt.mock.calls).toEqual([['Bearer a'], ['Bearer b']]);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(refused.body.destroyed).toBe(true);
    expect(await text(response.body)).toBe('ok');
  });

  it('does not retry a second 401', async () => {
    const renew = jest.fn(async () => 'Bearer b');
    const source = leasing({ authorization: 'Bearer a', renew });
    const attempt = jest.fn(async () => reply(401, 'no'));
    const response = await sendWithLease(source, call, attempt);
    expect(response.status).toBe(401);
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('passes the original 401 on, body intact, when there is nothing to retry with', async () => {
    const source = leasing({ authorization: 'Bearer a', renew: async () => undefined });
    const attempt = jest.fn(async () => reply(401, '{"error":{"message":"invalid token"}}'));
    const response = await sendWithLease(source, call, attempt);
    expect(response.status).toBe(401);
    expect(await text(response.body)).toBe('{"error":{"message":"invalid token"}}');
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('never retries a credential that cannot be renewed (fixed key, client header)', async () => {
    const source = leasing({ authorization: 'Bearer fixed' });
    const attempt = jest.fn(async () => reply(401, 'no'));
    expect((await sendWithLease(source, call, attempt)).status).toBe(401);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
