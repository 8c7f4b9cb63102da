import { Readable } from 'node:stream';
import type { CallContext } from '../core/http/call-context';
import type { LeasingSource, UpstreamAttempt } from '../credentials/credential-source';
import { readHeldBody } from '../outbound/read-body';
import type { UpstreamResponse } from '../outbound/upstream-response';

/**
 * One upstream call with a source's lease: a 401 to a renewable credential is retried once with the renewed one (its
 * body released first); with nothing to retry with, the held 401 body goes back to the client intact.
 */
export async function sendWithLease(
  source: LeasingSource,
  call: CallContext,
  attempt: UpstreamAttempt,
  onRetry: () => void = () => undefined,
): Promise<UpstreamResponse> {
  const lease = await source.acquire(call);
  const response = await attempt(lease.authorization);
  if (response.status < 400) lease.served?.(lease.authorization);
  if (response.status !== 401 || !lease.renew) return response;

  const held = await readHeldBody(response.body);
  const renewed = await lease.renew();
  if (renewed === undefined) return { ...response, body: Readable.from([held], { objectMode: false }) };
  onRetry();
  const retried = await attempt(renewed);
  if (retried.status < 400) lease.served?.(renewed);
  return retried;
}
