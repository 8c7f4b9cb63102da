import type { RefreshedTokens } from '../../credentials/token-lifecycle';
import { waitForApproval, type DeviceAuthorization, type PollResult } from './device-authorization';

const TOKENS: RefreshedTokens = { accessToken: 'at', refreshToken: 'rt', identity: { email: 'a@example.com' } };

function scripted(results: PollResult[]) {
  let now = 0;
  const sleeps: number[] = [];
  const polledAt: number[] = [];
  const client = {
    poll: jest.fn(async () => {
      polledAt.push(now);
      return results.shift() ?? { kind: 'pending' as const };
    }),
  };
  const options = {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { client, options, sleeps, polledAt };
}

const authorization: DeviceAuthorization = {
  deviceCode: 'dc',
  userCode: 'BCDF-GHJK',
  verificationUri: 'https://x/device',
  verificationUriComplete: 'https://x/device?user_code=BCDF-GHJK',
  expiresInMs: 60_000,
  intervalMs: 5_000,
};

describe(waitForApproval.name, () => {
  it('polls at the given interval until tokens arrive', async () => {
    const { client, options, polledAt } = scripted([{ kind: 'pending' }, { kind: 'pending' }, { kind: 'tokens', tokens: TOKENS }]);
    await expect(waitForApproval(client, authorization, options)).resolves.toEqual({ kind: 'tokens', tokens: TOKENS });
    expect(polledAt).toEqual([5_000, 10_000, 15_000]);
    expect(client.poll).toHaveBeenCalledWith('dc');
  });

  it('adds 5 s to the interval at each slow_down', async () => {
    const onSlowDown = jest.fn();
    const { client, options, sleeps } = scripted([{ kind: 'slow_down' }, { kind: 'slow_down' }, { kind: 'pending' }, { kind: 'tokens', tokens: TOKENS }]);
    await waitForApproval(client, authorization, { ...options, onSlowDown });
    expect(sleeps).toEqual([5_000, 10_000, 15_000, 15_000]);
    expect(onSlowDown.mock.calls).toEqual([[10_000], [15_000]]);
  });

  it.each([
    [{ kind: 'denied' }, { kind: 'denied' }],
    [{ kind: 'expired' }, { kind: 'expired' }],
    [{ kind: 'failed', message: 'boom' }, { kind: 'failed', message: 'boom' }],
  ] satisfies [PollResult, unknown][])('stops on %j', async (result, expected) => {
    const { client, options } = scripted([{ kind: 'pending' }, result]);
    await expect(waitForApproval(client, authorization, options)).resolves.toEqual(expected);
    expect(client.poll).toHaveBeenCalledTimes(2);
  });

  it('gives up when the code expires, without polling past the deadline', async () => {
    const { client, options, polledAt } = scripted([]);
    await expect(waitForApproval(client, { ...authorization, expiresInMs: 12_000 }, options)).resolves.toEqual({ kind: 'expired' });
    expect(polledAt).toEqual([5_000, 10_000, 12_000]);
  });
});
